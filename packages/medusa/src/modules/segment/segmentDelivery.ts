import type { Knex } from "@medusajs/framework/mikro-orm/knex";
import type { Logger } from "@medusajs/framework/types";
import { closeBeforeExit, createPostgresOutboxStore, HostOutbox, type Destination, type HostLog, type JsonObject, type OutboxDestination } from "@trackmap/core";
import { createDestination, trackmapLog, type DeliverySettings } from "./createDestination";
import { knexSqlClient } from "./outbox/knexSqlClient";
import { sendCheckedCall } from "./sendCheckedCall";

/** What Medusa's container gives: its logger and the store's database (Medusa's shared connection). */
export interface DeliveryDependencies {
  logger: Logger;
  connection: Knex;
}

/** The command that creates the outbox's table, named at start-up when it is missing. */
export const MIGRATE_COMMAND = "npx medusa db:migrate";
/** How long a graceful stop (Medusa's shutdown hook) lets the calls being sent go out. */
const SHUTDOWN_FLUSH_MS = 10_000;
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

/**
 * Where the plugin's calls go: Segment behind the durable outbox (or a dry run), the calls in
 * flight, and a close that runs once, however the process ends — Medusa's shutdown hook, or
 * process.exit() in a short-lived process, which Medusa gives no hook.
 */
export class SegmentDelivery {
  readonly destination: Destination | OutboxDestination;
  /** The durable outbox, unless it is off or the plugin runs dry. */
  readonly outbox?: HostOutbox;
  /** Work that sends calls (mapping an event, a hand-written call): close() waits for it. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing?: Promise<void>;
  private readonly forgetExit: () => void;
  private readonly log: HostLog;

  constructor(settings: DeliverySettings, { logger, connection }: DeliveryDependencies) {
    const log = trackmapLog(logger);
    this.log = log;
    if (settings.outbox) {
      this.outbox = new HostOutbox(createPostgresOutboxStore(knexSqlClient(connection)), settings.outbox, log);
    }
    this.destination = createDestination(settings, logger, this.outbox?.store);
    // Once per process and database (the delivery is shared): a missing migration is said at boot, not at the first call.
    void this.outbox?.checkStore(MIGRATE_COMMAND);
    this.forgetExit = closeBeforeExit(() => this.close(EXIT_FLUSH_MS), { deadlineMs: EXIT_DEADLINE_MS, log });
  }

  /** Runs work that sends calls, counted in flight until it settles. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const running = work();
    const tracked = running.catch(() => undefined);
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
    return running;
  }

  /**
   * Sends a call written by hand (`segmentService.track`, the Analytics Module provider), checked
   * like mapped calls, counted in flight. `caller` names it in messages, e.g. "segmentService.".
   */
  sendChecked(call: JsonObject & { type: string }, redact: readonly string[], caller: string): Promise<void> {
    return this.run(async () => {
      const outcome = await sendCheckedCall(this.destination, call, redact, caller);
      if (outcome.status === "failed" && outcome.error.code === "destination_closed") {
        const event = typeof call.event === "string" ? ` "${call.event}"` : "";
        this.log.error(`${caller}${call.type}${event} came after the plugin stopped (shutdown, or the process exiting): the call was not sent.`);
      }
    });
  }

  /**
   * Lets the work in flight finish (and work it set off, within a moment), sends what is due,
   * and stops: what could not be sent in `flushMs` stays stored and is given back at once, for
   * another process. Runs once; later calls wait for the first.
   */
  close(flushMs = SHUTDOWN_FLUSH_MS): Promise<void> {
    this.closing ??= (async () => {
      try {
        // Bounded: without the outbox, work in flight waits for Segment's answer, which only the flush below brings.
        await within(flushMs, this.settle());
        await this.destination.close({ timeoutMs: flushMs });
        await this.outbox?.stop();
      } finally {
        this.forgetExit();
      }
    })();
    return this.closing;
  }

  private async settle(): Promise<void> {
    do {
      while (this.inFlight.size) await Promise.all(this.inFlight);
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    } while (this.inFlight.size);
  }
}

/** Waits for `work` at most `ms`; `work` goes on, unobserved, if it takes longer. */
async function within(ms: number, work: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
