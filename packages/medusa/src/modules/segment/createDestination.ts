import type { Logger } from "@medusajs/framework/types";
import { createHostDestination, prefixedLog, type Destination, type HostLog, type OutboxDestination, type OutboxStore } from "@trackmap/core";
import type { ResolvedOptions } from "./options";

/** The options that decide where and how calls are sent (the rest is the mappings' business). */
export type DeliverySettings = Pick<ResolvedOptions, "writeKey" | "host" | "flushAt" | "flushInterval" | "maxRetries" | "requestTimeoutMs" | "outbox">;

/** The delivery options among the plugin's (or the provider's) options. */
export function deliverySettings({ writeKey, host, flushAt, flushInterval, maxRetries, requestTimeoutMs, outbox }: ResolvedOptions): DeliverySettings {
  return { writeKey, host, flushAt, flushInterval, maxRetries, requestTimeoutMs, outbox };
}

/** The plugin's lines in Medusa's log. */
export function trackmapLog(logger: Logger): HostLog {
  return prefixedLog(logger, "[trackmap]");
}

/**
 * Segment when a write key is set, behind the durable outbox when a store is given; otherwise
 * a dry run that logs each call.
 */
export function createDestination(settings: DeliverySettings, logger: Logger, store?: OutboxStore): Destination | OutboxDestination {
  return createHostDestination({
    ...settings,
    store,
    setupHint: "Did `npx medusa db:migrate` run since @trackmap/medusa was installed?",
    log: trackmapLog(logger),
  });
}
