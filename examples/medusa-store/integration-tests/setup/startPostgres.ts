import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedPostgres } from "../../scripts/embeddedPostgres";

/**
 * vitest global setup: a real PostgreSQL for the Medusa app under test. When DB_HOST is
 * set, that database is used instead (DB_PORT, DB_USERNAME, DB_PASSWORD as Medusa's
 * test runner reads them).
 */
export default async function startPostgres(): Promise<(() => Promise<void>) | void> {
  // Medusa's telemetry spawns a sender per process that can grow to gigabytes here (no network to reach):
  // with several stores at once, the machine ran out of memory and killed a store under test.
  process.env.MEDUSA_DISABLE_TELEMETRY = "true";
  if (process.env.DB_HOST) return;
  const dataDir = await mkdtemp(join(tmpdir(), "trackmap-pg-"));
  const postgres = await startEmbeddedPostgres({ dataDir });
  Object.assign(process.env, { DB_HOST: "localhost", DB_PORT: String(postgres.port), DB_USERNAME: "postgres", DB_PASSWORD: "postgres" });
  return async () => {
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
