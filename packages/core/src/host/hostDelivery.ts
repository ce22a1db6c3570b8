import type { JsonObject, SegmentCall } from "../calls/segmentCall";
import { sendToDestination, type CallSource, type DeliveryOutcome, type Destination } from "../deliver";
import type { OutboxStore } from "../deliver/outbox";
import { TrackmapError } from "../diagnostics/trackmapError";
import type { SourceEvent } from "../evaluate";
import { within } from "../shared/within";
import { prepareCall } from "../validate";
import { closeBeforeExit } from "./closeBeforeExit";
import { createHostDestination, type HostDestination } from "./hostDestination";
import type { HostLog } from "./hostLog";
import { checkOutboxStore, HostOutbox } from "./hostOutbox";
import type { ResolvedHostOptions } from "./hostOptions";

/** The options that decide where and how calls are sent (the rest is the mappings' business). */
export type DeliverySettings = Pick<
  ResolvedHostOptions,
  "writeKey" | "host" | "flushAt" | "flushInterval" | "maxRetries" | "requestTimeoutMs" | "outbox"
>;

export interface HostDeliveryConfig {
  settings: DeliverySettings;
  /** The host's log, prefix included (see trackmapLog). */
  log: HostLog;
  /** The package the store installed, named in messages, e.g. "@trackmap/medusa". */
  packageName: string;
  /** Where the outbox keeps calls (the store's database). Without it the outbox is off, and a start-up note says so. */
  store?: OutboxStore;
  /** What makes the outbox's table, named when it is missing, e.g. "npx medusa db:migrate". */
  migrateCommand?: string;
  /** Close when the process exits on its own (`beforeExit`, `process.exit()`). Default true. */
  closeOnExit?: boolean;
}

/** A hand-written call's fate: the destination's outcome, or never sent because invalid (with `neverReject`). */
export type SendOutcome = DeliveryOutcome | { status: "invalid"; problems: string[] };

export interface SendOptions {
  /** Names the call in messages, e.g. "segmentService." gives `segmentService.track "Order Completed"`. */
  caller: string;
  /**
   * Resolve `{ status: "invalid" }` (and log why) instead of rejecting with TM_INVALID_CALL: for
   * callers that neither await nor catch, as medusa-plugin-segment's, where a rejection would end
   * the process as an unhandled one.
   */
  neverReject?: boolean;
}

/** How long a graceful stop (the host's shutdown hook) lets the calls being sent go out. */
export const SHUTDOWN_FLUSH_MS = 10_000;
/**
 * How long a process that exits on its own (`medusa exec` after its script, a seed) lets them go
 * out; what is still unsent is then given back, for a running server to send at its next poll.
 */
const EXIT_FLUSH_MS = 3_000;
/** The exit's whole wait: the work in flight and the flush (each bounded by EXIT_FLUSH_MS), recording Segment's answers (2 s at most), giving back the rest. */
const EXIT_DEADLINE_MS = 2 * EXIT_FLUSH_MS + 4_000;
/**
 * Once the calls in flight are done, how long close() waits for more before closing: an event
 * bus runs subscribers after the code that emitted the event, and a subscriber often loads a
 * record before it sends its call.
 */
const SETTLE_MS = 200;

interface Started extends HostDestination {
  /** The outbox as an operator sees it; undefined when it is off, runs dry, or its store cannot be used. */
  admin?: HostOutbox;
}

/**
 * Where a host's calls go: Segment behind the durable outbox (or directly, or a dry run), the work
 * in flight, hand-written calls checked like mapped ones, and a close that runs once, however the
 * process ends — the host's shutdown hook, or process.exit() in a short-lived process.
 *
 * At start it checks the outbox's store: when its table is missing it says in one line what to run,
 * and sends directly for the rest of the process rather than failing on the table at every call.
 * It is itself a Destination: what is sent before that check ends waits for it.
 */
export class HostDelivery implements Destination {
  readonly name = "trackmap";
  /** Settles when the start-up check is done and calls can go. */
  readonly started: Promise<Started>;
  /** Work that sends calls (mapping an event, a hand-written call): close() waits for it. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing?: Promise<void>;
  private readonly forgetExit: () => void;
  private readonly log: HostLog;

  constructor(private readonly config: HostDeliveryConfig) {
    this.log = config.log;
    this.started = this.start();
    this.forgetExit =
      config.closeOnExit === false
        ? () => undefined
        : closeBeforeExit(() => this.close({ timeoutMs: EXIT_FLUSH_MS }), { deadlineMs: EXIT_DEADLINE_MS, log: this.log });
  }

  /** What a store should know at start-up about delivery: a dry run, an outbox without a database. */
  notes(): string[] {
    return deliveryNotes(this.config.settings, Boolean(this.config.store));
  }

  /**
   * Whether calls go through the outbox: "off" when the options turn it off, when the host runs dry
   * or has no database; "unavailable" when its store could not be used at start-up (its table missing).
   */
  async outboxState(): Promise<"on" | "off" | "unavailable"> {
    const { settings, store } = this.config;
    if (!settings.writeKey || !settings.outbox || !store) return "off";
    return (await this.started).admin ? "on" : "unavailable";
  }

  /** The outbox's figures, dead calls and re-send; undefined without a usable outbox. */
  async outbox(): Promise<HostOutbox | undefined> {
    return (await this.started).admin;
  }

  async send(call: SegmentCall, source?: CallSource): Promise<DeliveryOutcome> {
    return (await this.started).destination.send(call, source);
  }

  async reject(call: SegmentCall, reason: string, source?: CallSource): Promise<void> {
    await (await this.started).destination.reject?.(call, reason, source);
  }

  async keepFailedEvent(event: SourceEvent, reason: string, source: CallSource): Promise<void> {
    await (await this.started).destination.keepFailedEvent?.(event, reason, source);
  }

  /** Counts work that leads to calls (mapping an event) in flight until it settles: close() waits for it. */
  run<T>(work: Promise<T>): Promise<T> {
    const tracked = work.catch(() => undefined);
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
    return work;
  }

  /**
   * Counts the delivery of calls in flight while it is a hand-over to the outbox (it settles once
   * they are stored), so that close() sends them. Without the outbox it settles only when Segment
   * answers, which the flush at close brings about: close() must not wait for it.
   */
  runHandover<T>(delivery: Promise<T>): Promise<T> {
    void this.run(this.started.then(({ outbox }) => (outbox ? delivery : undefined)));
    return delivery;
  }

  /**
   * Sends a call written by hand (`segmentService.track`, an analytics provider) with the same
   * redaction and checks as mapped calls, counted in flight. Rejects with TM_INVALID_CALL, listing
   * the problems, when Segment would not take it (unless `neverReject`); a delivery failure is
   * logged and resolves as the outcome.
   */
  sendChecked(call: JsonObject & { type: string }, redact: readonly string[], { caller, neverReject }: SendOptions): Promise<SendOutcome> {
    const label = `${caller}${call.type}${typeof call.event === "string" ? ` "${call.event}"` : ""}`;
    // Hand-written calls hold entities (Dates, BigInt ids, back-references): prepareCall makes them plain.
    const prepared = prepareCall(call, { redact });
    if (!prepared.ok) {
      if (!neverReject) return Promise.reject(new TrackmapError("TM_INVALID_CALL", `${label}: ${prepared.problems.join("; ")}`));
      this.log.warn(`${label}: not sent, ${prepared.problems.join("; ")}`);
      return Promise.resolve({ status: "invalid", problems: prepared.problems });
    }
    return this.runHandover(this.deliver(prepared.call, label));
  }

  /**
   * Lets the work in flight finish (and work it set off, within a moment), sends what is due,
   * and stops: what could not be sent in `flushMs` stays stored and is given back at once, for
   * another process. Runs once; later calls wait for the first.
   */
  close({ timeoutMs: flushMs = SHUTDOWN_FLUSH_MS }: { timeoutMs?: number } = {}): Promise<void> {
    this.closing ??= (async () => {
      try {
        // Bounded: without the outbox, work in flight waits for Segment's answer, which only the flush below brings.
        await within(flushMs, this.settle());
        const { destination, admin } = await this.started;
        await destination.close({ timeoutMs: flushMs });
        await admin?.stop();
      } finally {
        this.forgetExit();
      }
    })();
    return this.closing;
  }

  private async start(): Promise<Started> {
    const { settings, store, log, packageName, migrateCommand = "the migrations" } = this.config;
    const usable = store && settings.writeKey && settings.outbox ? await checkOutboxStore(store, migrateCommand, log) : false;
    const started = createHostDestination({
      ...settings,
      store: usable ? store : undefined,
      setupHint: `Run \`${migrateCommand}\` (the migration of ${packageName} makes the table).`,
      log,
    });
    // started.outbox exists only when the store was usable (given above).
    if (!started.outbox || !store || !settings.outbox) return started;
    const outbox = started.outbox;
    return { ...started, admin: new HostOutbox(store, settings.outbox, log, () => outbox.drain()) };
  }

  /** Hands a checked call to the destination, and logs a failure. */
  private async deliver(call: SegmentCall, label: string): Promise<DeliveryOutcome> {
    const outcome = await sendToDestination(this, call);
    if (outcome.status !== "failed") return outcome;
    if (outcome.error.code === "destination_closed") {
      this.log.error(`${label} came after trackmap stopped (shutdown, or the process exiting): the call was not sent.`);
    } else {
      this.log.warn(`${label}: ${outcome.error.message}`);
    }
    return outcome;
  }

  private async settle(): Promise<void> {
    do {
      while (this.inFlight.size) await Promise.all(this.inFlight);
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    } while (this.inFlight.size);
  }
}

/** What a store should know at start-up about delivery with these settings: a dry run, an outbox without a database. */
export function deliveryNotes(settings: DeliverySettings, hasStore: boolean): string[] {
  if (!settings.writeKey) return ["no write_key: dry run, the Segment calls are logged, not sent"];
  if (settings.outbox && !hasStore) return ["no database connection given: the outbox is off, calls are queued in memory only"];
  return [];
}
