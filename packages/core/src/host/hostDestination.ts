import type { Destination } from "../deliver/destination";
import { createConsoleDestination } from "../deliver/consoleDestination";
import { createOutboxDestination, type OutboxDestination, type OutboxRoundSummary, type OutboxStore, type OutboxStoreAction } from "../deliver/outbox";
import { createSegmentDestination } from "../deliver/segmentDestination";
import type { HostLog } from "./hostLog";
import type { OutboxSettings } from "./outboxSettings";

export interface HostDestinationOptions {
  /** Without one, a dry run: each call is logged, not sent. */
  writeKey?: string;
  host?: string;
  flushAt?: number;
  flushInterval?: number;
  /** The Segment client's retries; default 2 behind the outbox (which retries for as long as it takes), else the client's 10. */
  maxRetries?: number;
  requestTimeoutMs?: number;
  /** The durable outbox; without it, calls go through the Segment client's memory queue only. */
  outbox?: {
    store: OutboxStore;
    settings: OutboxSettings;
    /** Added to a store failure's message, e.g. which migration creates the table. */
    setupHint: string;
  };
  log: HostLog;
  /** Log each call the client gives up on (without the outbox). Default true; false when the host reports failures itself. */
  logFailures?: boolean;
}

const STORE_ERROR_LOG_INTERVAL_MS = 60_000;

/**
 * The destination a host (a Medusa plugin) sends through, with what its logs should show:
 * Segment behind the durable outbox, Segment alone, or a dry run.
 */
export function createHostDestination(options: HostDestinationOptions): Destination | OutboxDestination {
  const { log, outbox } = options;
  if (!options.writeKey) {
    return createConsoleDestination({ color: false, write: (text) => log.info(`dry run, not sent: ${text.trimEnd()}`) });
  }
  const segment = createSegmentDestination({
    writeKey: options.writeKey,
    host: options.host,
    flushAt: options.flushAt,
    flushInterval: options.flushInterval,
    maxRetries: options.maxRetries ?? (outbox ? 2 : undefined),
    httpRequestTimeout: options.requestTimeoutMs,
    // Behind the outbox a failure is not final: the outbox reports what it retries and gives up.
    onFailure:
      outbox || options.logFailures === false
        ? undefined
        : (failure) => log.error(`Segment did not accept ${failure.messageId ?? "a call"}: ${failure.message}`),
  });
  if (!outbox) return segment;
  const { settings } = outbox;
  return createOutboxDestination({
    store: outbox.store,
    sender: segment,
    pollIntervalMs: settings.pollIntervalMs,
    baseBackoffMs: settings.baseBackoffMs,
    maxBackoffMs: settings.maxBackoffMs,
    leaseMs: settings.leaseMs,
    batchSize: settings.batchSize,
    concurrency: settings.concurrency,
    onRound: (summary) => logRound(summary, log),
    onStoreError: storeErrorLogger(log, outbox.setupHint),
  });
}

/** One line for a round's retries (an outage would otherwise log every call), one per dead call. */
function logRound({ retrying, dead }: OutboxRoundSummary, log: HostLog): void {
  if (retrying.length) {
    const [first] = retrying;
    log.warn(
      `${retrying.length} call(s) not accepted by Segment, kept in the outbox for a retry ` +
        `(e.g. ${first.messageId}, attempt ${first.attempts}, next at ${first.retryAt.toISOString()}): ${first.error}`,
    );
  }
  for (const { messageId, error } of dead) log.error(`Segment refused ${messageId}; kept in the outbox as dead, not retried: ${error}`);
}

/**
 * Logs a failing outbox store (the database down, the table missing) once a minute at most,
 * with how many failures the silence covered: one line per event would bury the log.
 */
function storeErrorLogger(log: HostLog, setupHint: string): (error: unknown, during: OutboxStoreAction) => void {
  let lastLogged = 0;
  let silenced = 0;
  return (error, during) => {
    if (Date.now() - lastLogged < STORE_ERROR_LOG_INTERVAL_MS) {
      silenced++;
      return;
    }
    const what = during === "enqueue" ? "a call could not be stored; it was sent without the outbox's guarantees" : `the outbox failed (${during})`;
    const more = silenced ? ` (${silenced} similar failure(s) since the last report)` : "";
    log.error(`${what}: ${(error as Error)?.message ?? error}${more}. ${setupHint}`);
    lastLogged = Date.now();
    silenced = 0;
  };
}
