import { createPostgresOutboxStore } from "@trackmap/core";
import {
  type BackfillEstimate,
  type BackfillJobs,
  type BackfillProgress,
  type BackfillRequest,
  estimateStoreBackfill,
  HostRuntime,
  type HostLog as Logger,
  type StoreBackfillParts,
  shippedMappingsFolder,
  storeBackfillJobs,
} from "@trackmap/core/host";
import { createV1RecordLoader, type V1Container } from "../lib/loadV1Record";
import { ignoredOptionNotes, PACKAGE_NAME, resolveOptions, type SegmentPluginOptions } from "../lib/options";
import { typeormSqlClient, type V1EntityManager } from "../lib/typeormSqlClient";
import { v1BackfillSource } from "../lib/v1BackfillSource";

/** What makes the outbox's table: Medusa v1 runs the migrations in a plugin's dist/migrations. */
export const MIGRATE_COMMAND = "npx medusa migrations run";

/**
 * `container.resolve("segmentService")`, as with medusa-plugin-segment: `track` and `identify`
 * (and `group`, `page`, `alias`) for custom subscribers, never rejecting as there, and
 * `trackEvent(event, container)` to run the mappings for any event, resolving once Segment took
 * the calls. All of it is @trackmap/core's host runtime; this adapter gives it Medusa v1's logger,
 * services (to load records) and database connection.
 */
export default class SegmentService extends HostRuntime<V1Container> {
  /** One instance per process (Medusa v1 would make one per request scope): one Segment client and queue. */
  static LIFE_TIME = "SINGLETON";

  /**
   * `manager` is Medusa v1's database connection (TypeORM), home of the outbox. `dependencies` is
   * awilix's cradle: each name read resolves it, so only the two needed are read (never spread).
   */
  constructor(dependencies: { logger: Logger; manager?: V1EntityManager }, rawOptions: SegmentPluginOptions) {
    const options = resolveOptions(rawOptions);
    const logger = dependencies.logger;
    // Read only when needed: resolving it is what connects.
    const manager = options.outbox ? dependencies.manager : undefined;
    super({
      packageName: PACKAGE_NAME,
      options,
      logger,
      shippedMappings: shippedMappingsFolder(PACKAGE_NAME, __dirname),
      recordLoader: createV1RecordLoader,
      store: manager && createPostgresOutboxStore(typeormSqlClient(manager)),
      migrateCommand: MIGRATE_COMMAND,
      serviceName: "segmentService",
      variables: { reporting: options.reporting, plugin: options.plugin },
      notes: ignoredOptionNotes(options),
      compatibility: "medusa-plugin-segment",
    });
  }

  /**
   * The store's backfills (docs/backfill.md, `npx trackmap-v1 backfill`): one at a time, kept in the
   * trackmap_backfill table, reading the store's tables and delivering through the outbox.
   */
  backfillJobs(container: V1Container, onProgress?: (progress: BackfillProgress) => void): BackfillJobs {
    return storeBackfillJobs(this.storeBackfill(container), onProgress);
  }

  /** A dry run of a backfill of the store: the records, the calls, the time at the rate, and the first calls. */
  estimateStoreBackfill(container: V1Container, request: BackfillRequest): Promise<BackfillEstimate> {
    return estimateStoreBackfill(this.storeBackfill(container), request);
  }

  private storeBackfill(container: V1Container): StoreBackfillParts<V1Container> {
    const sql = typeormSqlClient(container.resolve<V1EntityManager>("manager"));
    return { runtime: this, context: container, source: v1BackfillSource(sql), sql };
  }
}

export type { SegmentPluginOptions };
