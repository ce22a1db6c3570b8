import { createConsoleDestination, createSegmentDestination, type Destination } from "@trackmap/core";
import { PREFIX, type Logger } from "./logger";
import type { ResolvedOptions } from "./options";

/** Segment when a write key is set; otherwise a dry run that logs each call. The write key never reaches a log. */
export function createDestination(options: ResolvedOptions, logger: Logger): Destination {
  if (!options.writeKey) {
    return createConsoleDestination({ color: false, write: (text) => logger.info(`${PREFIX} dry run, not sent: ${text.trimEnd()}`) });
  }
  return createSegmentDestination({
    writeKey: options.writeKey,
    host: options.host,
    flushAt: options.flushAt,
    flushInterval: options.flushInterval,
    maxRetries: options.maxRetries,
    // Failures are logged by the sender, who knows the event and the mapping (see SegmentService).
  });
}
