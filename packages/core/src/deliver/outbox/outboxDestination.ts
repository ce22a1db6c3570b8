import type { SegmentCall } from "../../calls/segmentCall";
import type { DeliveryOutcome, Destination } from "../destination";
import type { OutboxCounts, OutboxStore } from "./outboxStore";

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
  /** How long a claimed call is this process's before another may take it. Default 60 000 ms. */
  leaseMs?: number;
  /** The clock, for tests. */
  now?: () => Date;
}

export interface OutboxDestination extends Destination {
  /** Pending, retrying, dead and delivered calls. */
  counts(): Promise<OutboxCounts>;
  /** Sends what is due now and waits for the outcomes. */
  drain(): Promise<void>;
}

/**
 * A destination that stores each call in an outbox before sending it, and removes it from the
 * work once Segment accepted it. A transient failure (an outage, a 5xx, a timeout) is retried
 * with backoff, from any process sharing the store; a permanent one (Segment's 400) is kept as
 * dead with its reason, to inspect and re-send. Delivery is attempted at once: polling is only
 * for retries. With deterministic messageIds, a call sent twice is deduplicated by Segment.
 */
export function createOutboxDestination(options: OutboxDestinationOptions): OutboxDestination {
  const { store, sender } = options;
  const now = options.now ?? (() => new Date());
  const base = options.baseBackoffMs ?? 1000;
  const max = options.maxBackoffMs ?? 5 * 60_000;
  const batchSize = options.batchSize ?? 100;
  const leaseMs = options.leaseMs ?? 60_000;
  let closed = false;
  let round: Promise<void> | undefined;
  let again = false;

  const backoff = (attempts: number) => {
    const delay = Math.min(max, base * 2 ** Math.max(0, attempts));
    return delay / 2 + Math.random() * (delay / 2);
  };

  async function deliverDue(): Promise<void> {
    for (;;) {
      const records = await store.claim(batchSize, now(), leaseMs);
      if (records.length === 0) return;
      const outcomes = await Promise.all(records.map((record) => sender.send(record.call)));
      const delivered: string[] = [];
      for (const [i, outcome] of outcomes.entries()) {
        const record = records[i];
        if (outcome.status === "delivered" || outcome.status === "queued") delivered.push(record.messageId);
        else if (outcome.error.permanent) await store.markDead(record.messageId, outcome.error.message);
        else await store.markRetry(record.messageId, outcome.error.message, new Date(now().getTime() + backoff(record.attempts)));
      }
      if (delivered.length) await store.markDelivered(delivered);
      if (records.length < batchSize) return;
    }
  }

  /** One round at a time; a request during a round runs one more after it. */
  function kick(): Promise<void> {
    if (round) {
      again = true;
      return round;
    }
    round = deliverDue().finally(() => {
      round = undefined;
      if (again && !closed) {
        again = false;
        void kick();
      }
    });
    return round;
  }

  const poller = setInterval(() => void kick().catch(() => undefined), options.pollIntervalMs ?? 1000);
  poller.unref();

  return {
    name: `outbox(${sender.name})`,
    async send(call: SegmentCall): Promise<DeliveryOutcome> {
      if (closed) {
        return { status: "failed", call, error: { code: "destination_closed", message: "The outbox is closed; the call was not stored.", messageId: call.messageId } };
      }
      await store.enqueue([call], now());
      void kick().catch(() => undefined);
      return { status: "queued", call };
    },
    counts: () => store.counts(),
    drain: () => kick(),
    async close(closeOptions) {
      if (closed) return;
      closed = true;
      clearInterval(poller);
      // What is due goes now; calls waiting for a later retry stay in the store for the next process.
      await round;
      await kick().catch(() => undefined);
      await sender.close(closeOptions);
    },
  };
}
