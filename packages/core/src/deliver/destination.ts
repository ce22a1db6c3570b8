import type { SegmentCall } from "../calls/segmentCall";
import type { SourceEvent } from "../evaluate";

/**
 * Where a mapped call came from: the source event's name and the ids of the entities it concerns
 * (the event's subject and the records the mapping loaded, e.g. an order's and its customer's), so
 * that a store can find the calls made for one order or one customer.
 */
export interface CallSource {
  event: string;
  entityIds: readonly string[];
}

/**
 * Where validated calls go: Segment itself, or a dry-run sink.
 *
 * `send` never rejects for delivery problems: it resolves with the outcome, and
 * destinations that deliver asynchronously also report failures to `onFailure`.
 */
export interface Destination {
  /** Human-readable name for logs, e.g. "segment" or "console". */
  readonly name: string;
  /** `source` says which event the call was mapped from, and the entities it concerns (none for a call written by hand). */
  send(call: SegmentCall, source?: CallSource): Promise<DeliveryOutcome>;
  /**
   * Takes note of a call that failed validation and will not be sent. A durable outbox keeps it
   * as dead with the reason, to inspect and re-send; other destinations need not implement it.
   */
  reject?(call: SegmentCall, reason: string, source?: CallSource): Promise<void>;
  /**
   * Takes note of an event whose mapping failed (over its budget, out of memory, a run error), so
   * that none of its calls were made. A durable outbox keeps the event as dead with the reason, to be
   * mapped again once the mapping is fixed; other destinations need not implement it.
   */
  keepFailedEvent?(event: SourceEvent, reason: string, source: CallSource): Promise<void>;
  /** Flushes whatever is queued and releases resources. Safe to call twice. */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

export type DeliveryOutcome =
  | { status: "delivered"; call: SegmentCall }
  /** Stored durably (an outbox) and to be delivered, retried if need be. */
  | { status: "queued"; call: SegmentCall }
  | { status: "failed"; call: SegmentCall; error: DeliveryFailure };

/** A call that could not be delivered, as reported to callers and `onFailure` listeners. */
export interface DeliveryFailure {
  code: "delivery_failure" | "destination_closed" | "write_failed";
  /** Person-readable reason; never contains the write key. */
  message: string;
  /**
   * True when sending it again cannot help: Segment refused the call itself (HTTP 400, 413),
   * or the client rejected it before sending. Otherwise the failure is transient.
   */
  permanent?: boolean;
  messageId?: string;
}

export type DeliveryFailureListener = (failure: DeliveryFailure, call: SegmentCall) => void;

/**
 * Hands a call to a destination and always resolves its outcome: a destination that throws or
 * rejects (against its contract) gives a failed outcome, so callers awaiting delivery never see a
 * rejection.
 */
export async function sendToDestination(destination: Destination, call: SegmentCall, source?: CallSource): Promise<DeliveryOutcome> {
  try {
    return await destination.send(call, source);
  } catch (error) {
    const message = `${destination.name} failed to take the call: ${(error as Error)?.message ?? String(error)}`;
    return {
      status: "failed",
      call,
      error: { code: "delivery_failure", message, ...(call.messageId === undefined ? {} : { messageId: call.messageId }) },
    };
  }
}
