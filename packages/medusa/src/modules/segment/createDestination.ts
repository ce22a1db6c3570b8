import type { Logger } from "@medusajs/framework/types";
import {
  createConsoleDestination,
  createOutboxDestination,
  createSegmentDestination,
  type Destination,
  type OutboxDestination,
  type OutboxRoundSummary,
  type OutboxStoreAction,
  type OutboxStore,
} from "@trackmap/core";
import type { ResolvedOptions } from "./options";

/**
 * Segment when a write key is set, behind the durable outbox when a store is given; otherwise
 * a dry run that logs each call.
 */
export function createDestination(options: ResolvedOptions, logger: Logger, store?: OutboxStore): Destination | OutboxDestination {
  if (!options.writeKey) {
    return createConsoleDestination({ color: false, write: (text) => logger.info(`[trackmap] dry run, not sent: ${text.trimEnd()}`) });
  }
  const outbox = store ? options.outbox : undefined;
  const segment = createSegmentDestination({
    writeKey: options.writeKey,
    host: options.host,
    flushAt: options.flushAt,
    flushInterval: options.flushInterval,
    // The outbox retries for as long as it takes; the client's own retries only bridge blips.
    maxRetries: options.maxRetries ?? (outbox ? 2 : undefined),
    httpRequestTimeout: options.requestTimeoutMs,
    // Behind the outbox a failure is not final: the outbox reports what it retries and gives up.
    onFailure: outbox
      ? undefined
      : (failure) => logger.error(`[trackmap] Segment did not accept ${failure.messageId ?? "a call"}: ${failure.message}`),
  });
  if (!store || !outbox) return segment;
  return createOutboxDestination({
    store,
    sender: segment,
    pollIntervalMs: outbox.pollIntervalMs,
    baseBackoffMs: outbox.baseBackoffMs,
    maxBackoffMs: outbox.maxBackoffMs,
    leaseMs: outbox.leaseMs,
    batchSize: outbox.batchSize,
    concurrency: outbox.concurrency,
    onRound: (summary) => reportRound(summary, logger),
    onStoreError: storeErrorReporter(logger),
  });
}

const STORE_ERROR_LOG_INTERVAL_MS = 60_000;

/**
 * Logs a failing outbox store (the database down, the migration not run) once a minute at
 * most, with how many failures the silence covered: one line per event would bury the log.
 */
function storeErrorReporter(logger: Logger): (error: unknown, during: OutboxStoreAction) => void {
  let lastLogged = 0;
  let silenced = 0;
  return (error, during) => {
    if (Date.now() - lastLogged < STORE_ERROR_LOG_INTERVAL_MS) {
      silenced++;
      return;
    }
    const what = during === "enqueue" ? "a call could not be stored; it was sent without the outbox's guarantees" : `the outbox failed (${during})`;
    const more = silenced ? ` (${silenced} similar failure(s) since the last report)` : "";
    logger.error(`[trackmap] ${what}: ${(error as Error)?.message ?? error}${more}. Did \`npx medusa db:migrate\` run since @trackmap/medusa was installed?`);
    lastLogged = Date.now();
    silenced = 0;
  };
}

/** One line for a round's retries (an outage would otherwise log every call), one per dead call. */
function reportRound({ retrying, dead }: OutboxRoundSummary, logger: Logger): void {
  if (retrying.length) {
    const [first] = retrying;
    logger.warn(
      `[trackmap] ${retrying.length} call(s) not accepted by Segment, kept in the outbox for a retry ` +
        `(e.g. ${first.messageId}, attempt ${first.attempts}, next at ${first.retryAt.toISOString()}): ${first.error}`,
    );
  }
  for (const { messageId, error } of dead) {
    logger.error(`[trackmap] Segment refused ${messageId}; kept in the outbox as dead, not retried: ${error}`);
  }
}
