import { execFile, spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { Client } from "pg";
import { freePort } from "../../../medusa-store/scripts/embeddedPostgres";

const run = promisify(execFile);
/** The store: medusa-config.js, seed.json, and the plugin as a dependency. */
const STORE_DIR = join(__dirname, "..", "..");

/** A fresh database on the PostgreSQL of the global setup (or the one DB_* names). */
export async function createDatabase(name: string): Promise<string> {
  const { DB_HOST = "localhost", DB_PORT = "5432", DB_USERNAME = "postgres", DB_PASSWORD = "" } = process.env;
  const base = `postgres://${encodeURIComponent(DB_USERNAME)}:${encodeURIComponent(DB_PASSWORD)}@${DB_HOST}:${DB_PORT}`;
  const client = new Client({ connectionString: `${base}/postgres` });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}"`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return `${base}/${name}`;
}

/**
 * `medusa seed -f seed.json -m`: Medusa 1.20's migrations, then the store's regions, shipping
 * options, products and admin user, through Medusa's own seed command (which never exits by itself).
 */
export async function migrateAndSeed(databaseUrl: string): Promise<void> {
  const script = `require("@medusajs/medusa/dist/commands/seed").default({ directory: process.cwd(), migrate: true, seedFile: "seed.json" })
  .then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });`;
  await run(process.execPath, ["-e", script], { cwd: STORE_DIR, env: { ...process.env, DATABASE_URL: databaseUrl }, maxBuffer: 256 * 1024 * 1024 });
}

const BOOT_TIMEOUT_MS = 180_000;

export interface MedusaV1Process {
  url: string;
  /** Everything the process wrote, for assertions on logs. */
  output(): string;
  /** SIGTERM, as a process manager stops `medusa start`; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * `medusa start`: Medusa 1.20's own start command in a child process, on a free port, with the
 * given environment (medusa-config.js reads it). Resolves once the store answers /health.
 */
export async function startMedusaV1(databaseUrl: string, env: Record<string, string> = {}): Promise<MedusaV1Process> {
  const port = await freePort();
  const script = `require("@medusajs/medusa/dist/commands/start").default({ directory: process.cwd(), port: ${port} });`;
  const child: ChildProcess = spawn(process.execPath, ["-e", script], {
    cwd: STORE_DIR,
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "development", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += process.env.TRACE_TIMES ? `@${Date.now() % 100000} ${chunk}` : chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  // A boot takes about 10 s; on a loaded machine (CI, tests in parallel) several times that.
  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`medusa start exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`medusa start did not answer /health within ${BOOT_TIMEOUT_MS / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
