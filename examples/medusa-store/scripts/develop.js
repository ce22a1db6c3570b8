// `pnpm dev`: explore the example store with `medusa develop`. Without DATABASE_URL it runs on an
// embedded PostgreSQL whose data is kept in .data/ between runs; the database is migrated first.
const { spawn, spawnSync } = require("node:child_process");
const { existsSync, mkdirSync } = require("node:fs");
const { join } = require("node:path");
const { startEmbeddedPostgres } = require("./embeddedPostgres");

const store = join(__dirname, "..");
const medusa = join(store, "node_modules", ".bin", "medusa");

async function main() {
  let postgres;
  if (!process.env.DATABASE_URL) {
    const dataDir = join(store, ".data", "postgres");
    const fresh = !existsSync(dataDir);
    mkdirSync(join(store, ".data"), { recursive: true });
    const port = Number(process.env.PGPORT || 5439);
    postgres = await startEmbeddedPostgres({ dataDir, port, fresh, persistent: true });
    if (fresh) await postgres.createDatabase("medusa_store");
    process.env.DATABASE_URL = postgres.url("medusa_store");
    console.log(`Embedded PostgreSQL on port ${port} (data in .data/postgres)`);
  }
  const migrate = spawnSync(medusa, ["db:migrate"], { cwd: store, stdio: "inherit", env: process.env });
  if (migrate.status !== 0) throw new Error("medusa db:migrate failed");
  const develop = spawn(medusa, ["develop"], { cwd: store, stdio: "inherit", env: process.env });
  const stop = async () => {
    develop.kill("SIGTERM");
    await postgres?.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  develop.on("exit", async (code) => {
    await postgres?.stop();
    process.exit(code ?? 0);
  });
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
