import type { Logger } from "@medusajs/framework/types";
import { createConsoleDestination, createSegmentDestination, type Destination } from "@trackmap/core";
import type { ResolvedOptions } from "./options";

/** Segment when a write key is set; otherwise a dry run that logs each call. */
export function createDestination(options: ResolvedOptions, logger: Logger): Destination {
  if (!options.writeKey) {
    return createConsoleDestination({ color: false, write: (text) => logger.info(`[trackmap] dry run, not sent: ${text.trimEnd()}`) });
  }
  return createSegmentDestination({
    writeKey: options.writeKey,
    host: options.host,
    flushAt: options.flushAt,
    flushInterval: options.flushInterval,
    maxRetries: options.maxRetries,
    onFailure: (failure) => logger.error(`[trackmap] Segment did not accept ${failure.messageId ?? "a call"}: ${failure.message}`),
  });
}
