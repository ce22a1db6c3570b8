import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
// The v2 store's helper: one way to start a real PostgreSQL for every test suite of the repository.
import { startEmbeddedPostgres } from "../../../medusa-store/scripts/embeddedPostgres";

/**
 * vitest global setup: a real PostgreSQL for the Medusa v1 store under test. When DB_HOST is set,
 * that server is used instead (DB_PORT, DB_USERNAME, DB_PASSWORD), as in the v2 store's tests.
 */
export default async function startPostgres(): Promise<(() => Promise<void>) | void> {
  // Medusa's telemetry spawns a sender per process that can grow to gigabytes here (no network to reach):
  // with several stores at once, the machine ran out of memory and killed a store under test.
  process.env.MEDUSA_DISABLE_TELEMETRY = "true";
  if (process.env.DB_HOST) return;
  const dataDir = await mkdtemp(join(tmpdir(), "trackmap-pg-v1-"));
  const postgres = await startEmbeddedPostgres({ dataDir });
  Object.assign(process.env, { DB_HOST: "localhost", DB_PORT: String(postgres.port), DB_USERNAME: "postgres", DB_PASSWORD: "postgres" });
  return async () => {
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
