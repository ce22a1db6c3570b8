import { createHostDestination, type Destination, type HostLog, type OutboxDestination, type OutboxStore } from "@trackmap/core";
import { PREFIX, type Logger } from "./logger";
import type { ResolvedOptions } from "./options";

/** The plugin's lines in Medusa's log, prefixed. */
export function trackmapLog(logger: Logger): HostLog {
  return {
    info: (message) => logger.info(`${PREFIX} ${message}`),
    warn: (message) => logger.warn(`${PREFIX} ${message}`),
    error: (message) => logger.error(`${PREFIX} ${message}`),
  };
}

/**
 * Segment when a write key is set, behind the durable outbox when a store is given; otherwise a
 * dry run that logs each call. The write key never reaches a log.
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
        ? { store, settings: options.outbox, setupHint: "Did `medusa migrations run` run since @trackmap/medusa-v1 was installed?" }
        : undefined,
    log: trackmapLog(logger),
    // Without the outbox, failures are logged by the sender, who knows the event and the mapping (see SegmentService).
    logFailures: false,
  });
}
