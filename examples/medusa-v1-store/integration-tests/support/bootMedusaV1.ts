import { execFile } from "node:child_process";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { Client } from "pg";

const run = promisify(execFile);
/** The store: medusa-config.js, package.json with the plugin as a dependency. */
export const STORE_DIR = join(__dirname, "..", "..");

export interface MedusaV1 {
  container: { resolve<T = any>(name: string): T };
  /** Base URL of the store's HTTP API (store and admin routes). */
  url: string;
  stop(): Promise<void>;
}

/** A fresh database on the PostgreSQL the global setup started (or DB_* names). */
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
 * Medusa 1.20's migrations, as `medusa migrations run` runs them. In a child process: Medusa's
 * migrate command ends with process.exit().
 */
export async function migrate(databaseUrl: string): Promise<void> {
  const script = `process.argv = ["node", "medusa", "migrations", "run"];
require("@medusajs/medusa/dist/commands/migrate").default({ directory: process.cwd() });`;
  await run(process.execPath, ["-e", script], { cwd: STORE_DIR, env: { ...process.env, DATABASE_URL: databaseUrl }, maxBuffer: 64 * 1024 * 1024 });
}

/**
 * Boots the store in this process exactly as `medusa start` does (Medusa's own loaders, then an
 * HTTP server on a free port), with medusa-config.js read from the store folder.
 */
export async function bootMedusaV1(databaseUrl: string): Promise<MedusaV1> {
  process.env.DATABASE_URL = databaseUrl;
  process.chdir(STORE_DIR);
  const express = require("express");
  const loaders = require("@medusajs/medusa/dist/loaders").default;
  const app = express();
  const { container, shutdown } = await loaders({ directory: STORE_DIR, expressApp: app });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    container,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      // The staged-job enqueuer polls the database every 3 s: stop it before the database goes.
      container.resolve<{ stopEnqueuer(): Promise<void> }>("eventBusService").stopEnqueuer?.();
      await new Promise((resolve) => server.close(resolve));
      await shutdown();
    },
  };
}
