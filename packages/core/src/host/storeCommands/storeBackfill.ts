import type { SqlClient } from "../../deliver";
import {
  type BackfillEstimate,
  BackfillJobs,
  type BackfillProgress,
  type BackfillRequest,
  type BackfillSource,
  backfillRange,
  createPostgresBackfillJobStore,
} from "../backfill";
import type { HostRuntime } from "../hostRuntime";

/** What a plugin gives for its store's backfills: where history is read, and its database. */
export interface StoreBackfillParts<Context> {
  runtime: Pick<HostRuntime<Context>, "backfill" | "estimateBackfill">;
  /** What the runtime's record loader reads with (Medusa's container). */
  context: Context;
  source: BackfillSource;
  /** The store's database, home of the trackmap_backfill table. */
  sql: SqlClient;
}

/** The store's backfills as jobs kept in its trackmap_backfill table, run through the runtime's mappings and outbox. */
export function storeBackfillJobs<Context>(parts: StoreBackfillParts<Context>, onProgress?: (progress: BackfillProgress) => void): BackfillJobs {
  return new BackfillJobs({
    onProgress,
    store: createPostgresBackfillJobStore(parts.sql),
    run: (options) => parts.runtime.backfill(parts.context, { ...options, source: parts.source }),
  });
}

/** A dry run of a backfill of the store: the records, the calls, the time at the rate, and the first calls. */
export function estimateStoreBackfill<Context>(parts: Omit<StoreBackfillParts<Context>, "sql">, request: BackfillRequest): Promise<BackfillEstimate> {
  const { events, rate, integrations } = request;
  return parts.runtime.estimateBackfill(parts.context, { source: parts.source, range: backfillRange(request), events, rate, integrations });
}
