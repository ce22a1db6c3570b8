import type { Logger } from "@medusajs/framework/types";
import { createHostDestination, type Destination, type HostLog, type OutboxDestination, type OutboxStore } from "@trackmap/core";
import type { ResolvedOptions } from "./options";

/** The plugin's lines in Medusa's log, prefixed. */
export function trackmapLog(logger: Logger): HostLog {
  return {
    info: (message) => logger.info(`[trackmap] ${message}`),
    warn: (message) => logger.warn(`[trackmap] ${message}`),
    error: (message) => logger.error(`[trackmap] ${message}`),
  };
}

/**
 * Segment when a write key is set, behind the durable outbox when a store is given; otherwise
 * a dry run that logs each call.
 */
export function createDestination(options: ResolvedOptions, logger: Logger, store?: OutboxStore): Destination | OutboxDestination {
  return createHostDestination({
    writeKey: options.writeKey,
    host: options.host,
    flushAt: options.flushAt,
    flushInterval: options.flushInterval,
    maxRetries: options.maxRetries,
    requestTimeoutMs: options.requestTimeoutMs,
    outbox:
      store && options.outbox
        ? { store, settings: options.outbox, setupHint: "Did `npx medusa db:migrate` run since @trackmap/medusa was installed?" }
        : undefined,
    log: trackmapLog(logger),
  });
}
