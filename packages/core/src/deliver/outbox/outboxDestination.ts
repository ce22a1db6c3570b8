import { randomUUID } from "node:crypto";
import type { SegmentCall } from "../../calls/segmentCall";
import { hash } from "../../evaluate";
import { within } from "../../shared/within";
import { MAX_MESSAGE_ID_LENGTH } from "../../validate";
import type { SourceEvent } from "../../evaluate";
import type { CallSource, DeliveryOutcome, Destination } from "../destination";
import type { OutboxCounts, OutboxCallRecord, OutboxStore } from "./outboxStore";
import { checkStoredCall, deadEventId, keptCall, keptEvent } from "./storedCall";
import { type InvalidOutcome, sortOutcomes } from "./sortOutcomes";

export interface OutboxDestinationOptions {
  store: OutboxStore;
  /** What actually sends (the Segment destination). */
  sender: Destination;
  /** First retry delay; each next one doubles, up to `maxBackoffMs`. Default 1 000 ms. */
  baseBackoffMs?: number;
  /** Default 5 minutes. */
  maxBackoffMs?: number;
  /** How often calls due for a retry are looked for. Default 1 000 ms. */
  pollIntervalMs?: number;
  /** Calls taken per round. Default 100. */
  batchSize?: number;
  /**
   * Rounds running at once, each with its own batch: a round waits for Segment's answer, so
   * this is what lets a backlog drain fast. At most `batchSize × (concurrency + 1)` calls are in
   * memory: the rounds', and up to `batchSize` calls sent the moment they were stored. Default 4.
   */
  concurrency?: number;
  /**
   * How long a claimed call is this process's before another may take it, should the process die.
   * While the call's send is pending (the client may hold it for a 429's Retry-After, up to 5
   * minutes), the lease is renewed every third of it. Default 120 000 ms.
   */
  leaseMs?: number;
  /** Told after each round that had failures: what will be retried, and what is now dead (refused by Segment, or invalid). */
  onRound?: (summary: OutboxRoundSummary) => void;
  /**
   * Told when the store itself fails (the database is down, the table is missing). A call
   * that could not be stored is sent directly instead, without the outbox's guarantees.
   */
  onStoreError?: (error: unknown, during: OutboxStoreAction, calls: number) => void;
  /** The clock, for tests. */
  now?: () => Date;
}

/**
 * What the outbox was doing when its store failed: storing a call, taking due calls, keeping
 * the lease of calls being sent, recording
 * what Segment answered, keeping a rejected call, or giving unsent calls back at close.
 */
export type OutboxStoreAction = "enqueue" | "claim" | "renew" | "mark" | "reject" | "keep-event" | "release";

export interface OutboxRoundSummary {
  delivered: number;
  retrying: Array<{ messageId: string; attempts: number; error: string; retryAt: Date }>;
  /** `invalid`: not sent, the call failed validation when checked before sending; otherwise Segment refused it. */
  dead: Array<{ messageId: string; error: string; invalid?: true }>;
}

export interface OutboxDestination extends Destination {
  /** Pending, retrying, dead and delivered calls. */
  counts(): Promise<OutboxCounts>;
  /** Sends what is due now and waits for the outcomes. */
  drain(): Promise<void>;
}

const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;
/** After the client's flush, how long rounds may take to record the outcomes before close() gives up on them. */
const RECORD_GRACE_MS = 2_000;

/**
 * A destination that stores each call in an outbox before sending it, and marks it delivered
 * once Segment accepted it. A transient failure (an outage, a 5xx, a timeout) is retried with
 * backoff, from any process sharing the store; a permanent one (Segment's 400, an invalid or
 * oversized call) is kept as dead with its reason, to inspect and re-send. Each call is checked
 * again just before it is sent, so that a re-sent dead call that is still invalid stays dead.
 * A call given to `send` is stored leased to this process and sent at once, never behind calls
 * already waiting in the store (a backfill's, a backlog after an outage): polling is for retries
 * and for what other processes store. With deterministic messageIds, a call sent twice is
 * deduplicated by Segment.
 */
export function createOutboxDestination(options: OutboxDestinationOptions): OutboxDestination {
  const { store, sender } = options;
  const now = options.now ?? (() => new Date());
  const base = options.baseBackoffMs ?? 1000;
  const max = options.maxBackoffMs ?? 5 * 60_000;
  const batchSize = options.batchSize ?? 100;
  const leaseMs = options.leaseMs ?? 120_000;
  const concurrency = options.concurrency ?? 4;
  /** Once closed, rounds take no new batch: what is not claimed yet stays stored for the next process. */
  let closed = false;
  const rounds = new Set<Promise<void>>();
  /** Rounds between claiming calls and handing them to the sender. */
  const handovers = new Set<Promise<unknown>>();
  /** Calls this process has claimed and not yet recorded an answer for: what close() gives back if time runs out. */
  const claimed = new Set<string>();
  /** Live calls sent the moment they were stored (one each), until their outcomes are recorded. */
  const deliveries = new Set<Promise<void>>();
  let again = false;

  const backoff = (attempts: number) => {
    const delay = Math.min(max, base * 2 ** Math.max(0, attempts));
    return delay / 2 + Math.random() * (delay / 2);
  };

  const storeFailed = (error: unknown, during: OutboxStoreAction, calls = 1) => {
    try {
      options.onStoreError?.(error, during, calls);
    } catch {
      // A throwing listener must not stop delivery.
    }
  };

  /**
   * Claims due calls and hands them to the sender, without waiting for Segment's answers: close()
   * waits for this step, so that a call claimed just before is flushed with the rest.
   */
  async function claimAndSend(): Promise<{ records: OutboxCallRecord[]; outcomes: Promise<Array<DeliveryOutcome | InvalidOutcome>> } | undefined> {
    let records: OutboxCallRecord[];
    try {
      records = await store.claim(batchSize, now(), leaseMs);
    } catch (error) {
      storeFailed(error, "claim", 0);
      return undefined;
    }
    if (records.length === 0) return undefined;
    // A full batch suggests a backlog: another round takes the next batch meanwhile.
    if (records.length === batchSize) kick();
    return { records, outcomes: handOver(records) };
  }

  /** Hands claimed calls to the sender, each checked again first; resolves with their outcomes. */
  function handOver(records: readonly OutboxCallRecord[]): Promise<Array<DeliveryOutcome | InvalidOutcome>> {
    for (const record of records) claimed.add(record.messageId);
    return Promise.all(
      records.map((record): Promise<DeliveryOutcome> | InvalidOutcome => {
        const checked = checkStoredCall(record.call);
        return checked.ok ? sender.send(checked.call) : { status: "invalid", reason: checked.reason };
      }),
    );
  }

  async function deliverDue(): Promise<void> {
    while (!closed) {
      const handover = claimAndSend();
      handovers.add(handover);
      const batch = await handover.finally(() => handovers.delete(handover));
      if (!batch) return;
      await recordOutcomes(batch.records, await batch.outcomes);
      if (batch.records.length < batchSize) return;
    }
  }

  /** Writes what became of claimed calls, and tells `onRound` of failures. */
  async function recordOutcomes(records: readonly OutboxCallRecord[], outcomes: Array<DeliveryOutcome | InvalidOutcome>): Promise<void> {
    const { delivered, retrying, dead, unsent } = sortOutcomes(
      records,
      outcomes,
      closed,
      (attempts) => new Date(now().getTime() + backoff(attempts)),
    );
    // Each record is attempted even when another fails: a delivered call left unmarked is sent again.
    await record("mark", delivered, () => store.markDelivered(delivered));
    await record(
      "mark",
      retrying.map((r) => r.messageId),
      () => store.markRetry(retrying),
    );
    await record(
      "mark",
      dead.map((d) => d.messageId),
      () => store.markDead(dead),
    );
    // Given back at once, for a process still running.
    await record("release", unsent, () => store.release(unsent));
    if (retrying.length || dead.length) options.onRound?.({ delivered: delivered.length, retrying, dead });
  }

  /**
   * Stores a live call leased to this process and sends it at once: it never waits behind calls
   * already waiting in the store (a backfill's, a backlog after an outage). Resolves once it is in
   * the sender's hands, or (already stored) left to the rounds; Segment's answer is recorded later.
   */
  async function storeAndSend(call: SegmentCall, source: CallSource | undefined): Promise<void> {
    // The delivery is registered as the hand-over ends, in the same step: close() then waits for both.
    const handover = store.enqueueAndClaim([call], now(), leaseMs, source).then((records) => {
      if (records.length === 0) return false;
      const outcomes = handOver(records);
      const delivery: Promise<void> = outcomes
        .then((settled) => recordOutcomes(records, settled))
        .catch((error) => storeFailed(error, "mark", records.length))
        .finally(() => deliveries.delete(delivery));
      deliveries.add(delivery);
      return true;
    });
    handovers.add(handover);
    const sent = await handover.finally(() => handovers.delete(handover));
    // Stored before (an event emitted again, a backfill's call): the rounds send it as any other.
    if (!sent) kick();
  }

  /**
   * Starts a round unless `concurrency` rounds are running; then one more starts when one
   * ends, so no request for delivery is lost.
   */
  function kick(): void {
    if (rounds.size >= concurrency) {
      again = true;
      return;
    }
    const round: Promise<void> = deliverDue()
      .catch((error) => storeFailed(error, "claim", 0))
      .finally(() => {
        rounds.delete(round);
        if (again && !closed) {
          again = false;
          kick();
        }
      });
    rounds.add(round);
  }

  /** Writes what became of claimed calls; they are no longer this process's, whether that worked or not. */
  async function record(action: OutboxStoreAction, messageIds: string[], write: () => Promise<void>): Promise<void> {
    if (messageIds.length === 0) return;
    try {
      await write();
    } catch (error) {
      storeFailed(error, action, messageIds.length);
    } finally {
      for (const id of messageIds) claimed.delete(id);
    }
  }

  /**
   * Keeps the calls this process is sending leased to it while their sends are pending: the client
   * may hold a batch longer than one lease (a 429's Retry-After), and another round or process
   * taking them meanwhile would send them twice. Should the process die, the renewals stop and
   * the calls come back after their lease.
   */
  async function renewLeases(): Promise<void> {
    if (renewing || claimed.size === 0) return;
    renewing = true;
    const messageIds = [...claimed];
    try {
      await store.renew(messageIds, now(), leaseMs);
    } catch (error) {
      storeFailed(error, "renew", messageIds.length);
    } finally {
      renewing = false;
    }
  }

  /** Waits for every round, and every call sent at once, to end: including those started meanwhile. */
  async function settle(): Promise<void> {
    while (rounds.size || deliveries.size) await Promise.all([...rounds, ...deliveries]);
  }

  /** Delivers what is due now and waits for every round, and every call sent at once, to end. */
  async function drain(): Promise<void> {
    kick();
    await settle();
  }

  /**
   * Calls already claimed reach the client first; then it sends its queue at once and the rounds
   * in progress record Segment's answers. What is not delivered stays stored: calls cut short are
   * given back at once (not left leased), so a process still running sends them at its next poll.
   * Bounded by `timeoutMs`, plus a moment for the store to record the outcomes.
   */
  async function closeOutbox(timeoutMs: number): Promise<void> {
    closed = true;
    clearInterval(poller);
    const deadline = Date.now() + timeoutMs + RECORD_GRACE_MS;
    const remaining = () => Math.max(0, deadline - Date.now());
    await within(
      remaining(),
      (async () => {
        while (handovers.size) await Promise.allSettled(handovers);
      })(),
    );
    await within(remaining(), Promise.all([sender.close({ timeoutMs: Math.min(timeoutMs, remaining()) }), settle()]));
    // Rounds that could not finish in time (a stuck database, a client that never answered).
    const stranded = [...claimed];
    claimed.clear();
    if (stranded.length) await store.release(stranded).catch((error) => storeFailed(error, "release", stranded.length));
    clearInterval(renewer);
  }

  const poller = setInterval(kick, options.pollIntervalMs ?? 1000);
  poller.unref();
  // A third of the lease: one late renewal still lands before the lease ends.
  let renewing = false;
  const renewer = setInterval(renewLeases, Math.max(1, Math.floor(leaseMs / 3)));
  renewer.unref();
  let closing: Promise<void> | undefined;

  return {
    name: `outbox(${sender.name})`,
    async send(call: SegmentCall, source?: CallSource): Promise<DeliveryOutcome> {
      if (closed) {
        return {
          status: "failed",
          call,
          error: { code: "destination_closed", message: "The outbox is closed; the call was not stored.", messageId: call.messageId },
        };
      }
      // A stored call keeps its id across retries, so Segment dedupes a call sent twice.
      if (!call.messageId) call = { ...call, messageId: `tm-${randomUUID()}` };
      try {
        // Hand-overs in progress (calls being stored to send at once, rounds claiming) count too: sends
        // started together must not all pass the check before any of them is stored.
        if (deliveries.size + handovers.size < batchSize) {
          await storeAndSend(call, source);
        } else {
          // A batch of live calls already awaits Segment's answer: this one waits in the store, memory stays bounded.
          await store.enqueue([call], now(), source);
          kick();
        }
      } catch (error) {
        // Better sent without a guarantee than not at all.
        storeFailed(error, "enqueue");
        return sender.send(call);
      }
      return { status: "queued", call };
    },
    async reject(call: SegmentCall, reason: string, source?: CallSource): Promise<void> {
      try {
        await store.storeDead(storageKey(call), keptCall(call), reason, now(), source);
      } catch (error) {
        storeFailed(error, "reject");
      }
    },
    async keepFailedEvent(event: SourceEvent, reason: string, source: CallSource): Promise<void> {
      try {
        const kept = keptEvent(event);
        await store.storeDeadEvent(deadEventId(kept), kept, reason, now(), source);
      } catch (error) {
        storeFailed(error, "keep-event");
      }
    },
    counts: () => store.counts(),
    drain,
    close(closeOptions) {
      closing ??= closeOutbox(closeOptions?.timeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS);
      return closing;
    },
  };
}

/** The messageId, or for a call whose messageId is unusable, an id derived from the call. */
function storageKey(call: SegmentCall): string {
  const id: unknown = call.messageId;
  if (typeof id === "string" && id !== "" && id.length <= MAX_MESSAGE_ID_LENGTH) return id;
  return `tm-invalid-${hash(call)}`;
}
