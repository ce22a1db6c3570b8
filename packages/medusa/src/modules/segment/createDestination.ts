import type { Logger } from "@medusajs/framework/types";
import { createHostDestination, prefixedLog, type Destination, type HostLog, type OutboxDestination, type OutboxStore } from "@trackmap/core";
import type { ResolvedOptions } from "./options";

/** The plugin's lines in Medusa's log. */
export function trackmapLog(logger: Logger): HostLog {
  return prefixedLog(logger, "[trackmap]");
}

/**
 * Segment when a write key is set, behind the durable outbox when a store is given; otherwise
 * a dry run that logs each call.
 */
export function createDestination(options: ResolvedOptions, logger: Logger, store?: OutboxStore): Destination | OutboxDestination {
  return createHostDestination({
    ...options,
    store,
    setupHint: "Did `npx medusa db:migrate` run since @trackmap/medusa was installed?",
    log: trackmapLog(logger),
  });
}
