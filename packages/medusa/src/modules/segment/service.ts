import type { Knex } from "@medusajs/framework/mikro-orm/knex";
import type { Logger, MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import type { LoadResult, RecordLoader } from "@trackmap/core";
import {
  type BackfillEstimate,
  type BackfillJobs,
  type BackfillProgress,
  type BackfillRequest,
  estimateStoreBackfill,
  HostRuntime,
  shippedMappingsFolder,
  storeBackfillJobs,
} from "@trackmap/core/host";
import { medusaBackfillSource } from "./backfill/medusaBackfillSource";
import { deliveryParts, PACKAGE_NAME, resolveOptions, type TrackmapPluginOptions } from "./options";
import { knexSqlClient } from "./outbox/knexSqlClient";

type InjectedDependencies = {
  logger: Logger;
  /** The mappings as the module loader loaded and checked them at start-up. */
  trackmapMappings: LoadResult;
  /** The store's database (Medusa's shared connection), home of the outbox. */
  __pg_connection__: Knex;
};

/**
 * `container.resolve("segmentService")`: the name Medusa v1's medusa-plugin-segment used. It runs
 * the mappings for events (`trackEvent(event, container)`, a subscriber's one line), sends
 * hand-written calls (`track`, `identify`, `group`, `page`, `alias`), and shows the outbox
 * (`outboxCounts`, `listDeadCalls`, `resendDeadCalls`), all through @trackmap/core's host runtime;
 * this adapter gives it Medusa's logger, Query and database, and its shutdown hook.
 */
export default class SegmentService extends HostRuntime<MedusaContainer> {
  private readonly connection?: Knex;

  constructor({ logger, trackmapMappings, __pg_connection__ }: InjectedDependencies, rawOptions: TrackmapPluginOptions) {
    const options = resolveOptions(rawOptions);
    super({
      ...deliveryParts(options, logger, __pg_connection__),
      serviceName: "segmentService",
      shippedMappings: shippedMappingsFolder(PACKAGE_NAME, __dirname),
      loadedMappings: trackmapMappings,
      recordLoader: queryLoader,
      variables: options.reporting ? { reporting: options.reporting } : undefined,
    });
    this.connection = __pg_connection__;
  }

  /**
   * The store's backfills (docs/backfill.md): one at a time, kept in the trackmap_backfill table,
   * reading the store's history with Query from `container` and delivering through the outbox.
   */
  backfillJobs(container: MedusaContainer, onProgress?: (progress: BackfillProgress) => void): BackfillJobs {
    if (!this.connection) throw new Error(`${PACKAGE_NAME}: a backfill needs the store's database`);
    return storeBackfillJobs(
      { runtime: this, context: container, source: medusaBackfillSource(container), sql: knexSqlClient(this.connection) },
      onProgress,
    );
  }

  /** A dry run of a backfill of the store: the records, the calls, the time at the rate, and the first calls. */
  estimateStoreBackfill(container: MedusaContainer, request: BackfillRequest): Promise<BackfillEstimate> {
    return estimateStoreBackfill({ runtime: this, context: container, source: medusaBackfillSource(container) }, request);
  }

  __hooks = {
    onApplicationShutdown: async () => this.close(),
  };
}

/** Loads a record a mapping declares, with the fields it asks for, through Medusa's Query. */
function queryLoader(container: MedusaContainer): RecordLoader {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  return async ({ entity, id, fields }) => {
    const { data } = await query.graph({ entity, fields: fields.length ? fields : ["*"], filters: { id } });
    return data[0] ?? null;
  };
}
