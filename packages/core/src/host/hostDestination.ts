import { type Destination, createConsoleDestination, createSegmentDestination } from "../deliver";
import {
  createOutboxDestination,
  type OutboxDestination,
  type OutboxRoundSummary,
  type OutboxStore,
  type OutboxStoreAction,
} from "../deliver/outbox";
import type { HostLog } from "./hostLog";
import type { ResolvedHostOptions } from "./hostOptions";

/** The host's resolved options (see hostOptions.ts), the outbox's store, and its log. */
export interface HostDestinationOptions
  extends Pick<ResolvedHostOptions, "writeKey" | "host" | "flushAt" | "flushInterval" | "maxRetries" | "requestTimeoutMs" | "outbox"> {
  /** Where the outbox keeps the calls; without it, they go through the Segment client's memory queue only. */
  store?: OutboxStore;
  /** Added to a store failure's message, e.g. which migration creates the table. */
  setupHint?: string;
  log: HostLog;
}

/** Where a host's calls go, and the outbox in front of Segment when there is one (to drain it, to show its figures). */
export interface HostDestination {
  destination: Destination;
  outbox?: OutboxDestination;
}

const STORE_ERROR_LOG_INTERVAL_MS = 60_000;

/**
 * The destination a host sends through, with what its logs should show: Segment behind the
 * durable outbox, Segment alone, or a dry run (no write key). Behind the outbox the Segment client
 * retries twice (the outbox retries for as long as it takes) unless `maxRetries` says otherwise.
 * Failures of single calls are the host's to report (it knows their event and mapping); the
 * outbox's rounds and store failures are logged here.
 */
export function createHostDestination(options: HostDestinationOptions): HostDestination {
  const { log, store } = options;
  const outbox = store ? options.outbox : undefined;
  if (!options.writeKey) {
    return { destination: createConsoleDestination({ color: false, write: (text) => log.info(`dry run, not sent: ${text.trimEnd()}`) }) };
  }
  const segment = createSegmentDestination({
    writeKey: options.writeKey,
    host: options.host,
    flushAt: options.flushAt,
    flushInterval: options.flushInterval,
    maxRetries: options.maxRetries ?? (outbox ? 2 : undefined),
    httpRequestTimeout: options.requestTimeoutMs,
  });
  if (!store || !outbox) return { destination: segment };
  const outboxDestination = createOutboxDestination({
    store,
    sender: segment,
    pollIntervalMs: outbox.pollIntervalMs,
    baseBackoffMs: outbox.baseBackoffMs,
    maxBackoffMs: outbox.maxBackoffMs,
    leaseMs: outbox.leaseMs,
    batchSize: outbox.batchSize,
    concurrency: outbox.concurrency,
    onRound: (summary) => logRound(summary, log),
    onStoreError: storeErrorLogger(log, options.setupHint),
  });
  return { destination: outboxDestination, outbox: outboxDestination };
}

/** One line for a round's retries (an outage would otherwise log every call), one per dead call. */
function logRound({ retrying, dead }: OutboxRoundSummary, log: HostLog): void {
  const [first] = retrying;
  if (first) {
    log.warn(
      `${retrying.length} call(s) not accepted by Segment, kept in the outbox for a retry ` +
        `(e.g. ${first.messageId}, attempt ${first.attempts}, next at ${first.retryAt.toISOString()}): ${first.error}`,
    );
  }
  for (const { messageId, error, invalid } of dead) {
    log.error(
      invalid
        ? `${messageId} kept in the outbox as dead: ${error}`
        : `Segment refused ${messageId}; kept in the outbox as dead, not retried: ${error}`,
    );
  }
}

/**
 * Logs a failing outbox store (the database down, the table missing) once a minute at most,
 * with how many failures the silence covered: one line per event would bury the log. The
 * host's set-up hint (which migration makes the table) is added only when the table is missing.
 */
function storeErrorLogger(log: HostLog, setupHint = ""): (error: unknown, during: OutboxStoreAction, calls: number) => void {
  let lastLogged = 0;
  let silenced = 0;
  return (error, during, calls) => {
    if (Date.now() - lastLogged < STORE_ERROR_LOG_INTERVAL_MS) {
      silenced++;
      return;
    }
    const more = silenced ? ` (${silenced} similar failure(s) since the last report)` : "";
    const hint = setupHint && isMissingTable(error) ? ` ${setupHint}` : "";
    log.error(`${describeStoreFailure(during, calls)}: ${(error as Error)?.message ?? error}${more}.${hint}`);
    lastLogged = Date.now();
    silenced = 0;
  };
}

/** What went wrong, and what it means for the calls concerned. */
function describeStoreFailure(during: OutboxStoreAction, calls: number): string {
  switch (during) {
    case "enqueue":
      return "a call could not be stored; it was sent without the outbox's guarantees";
    case "claim":
      return "the outbox could not take the calls due; they stay stored and are tried again";
    case "renew":
      return `the outbox could not keep the lease of ${calls} call(s) being sent; another process may send them again (Segment dedupes them by messageId)`;
    case "mark":
      return `the outbox could not record Segment's answer for ${calls} call(s); they may be sent again after their lease (Segment dedupes them by messageId)`;
    case "reject":
      return "an invalid call could not be kept in the outbox as dead; it is only logged";
    case "keep-event":
      return "an event whose mapping failed could not be kept in the outbox as dead; it is only logged";
    case "release":
      return `the outbox could not give back ${calls} unsent call(s) at close; they are sent after their lease`;
  }
}

/** PostgreSQL's "undefined_table" (42P01): the migration that makes the outbox has not run. */
export function isMissingTable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === "42P01" || (typeof message === "string" && /relation "[^"]*" does not exist/.test(message));
}
