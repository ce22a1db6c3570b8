import { createHostDestination, prefixedLog, type Destination, type HostLog, type OutboxDestination, type OutboxStore } from "@trackmap/core";
import { PREFIX, type Logger } from "./logger";
import type { ResolvedOptions } from "./options";

/** What makes the outbox's table: Medusa v1 runs the migrations in a plugin's dist/migrations. */
export const MIGRATE_COMMAND = "npx medusa migrations run";

/** The plugin's lines in Medusa's log. */
export function trackmapLog(logger: Logger): HostLog {
  return prefixedLog(logger, PREFIX);
}

/**
 * Segment when a write key is set, behind the durable outbox when a store is given; otherwise a
 * dry run that logs each call. The write key never reaches a log.
 */
export function createDestination(options: ResolvedOptions, logger: Logger, store?: OutboxStore): Destination | OutboxDestination {
  return createHostDestination({
    ...options,
    store,
    setupHint: `Run \`${MIGRATE_COMMAND}\` (the migration of @trackmap/medusa-v1 makes the table).`,
    log: trackmapLog(logger),
    // Without the outbox, failures are logged by the sender, who knows the event and the mapping (see SegmentService).
    logFailures: false,
  });
}
