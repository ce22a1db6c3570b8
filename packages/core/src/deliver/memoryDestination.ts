import type { SegmentCall } from "../calls/segmentCall";
import type { DeliveryOutcome, Destination } from "./destination";

/** Keeps every call in memory: for tests, and for the CLI to show what would be sent. */

// TYPES

export interface MemoryDestination extends Destination {
  /** Received calls, in order; copies, so later changes to the caller's objects do not show here. */
  readonly calls: readonly SegmentCall[];
  /** Forgets the received calls (the destination stays usable). */
  clear(): void;
}

// MAIN

export function createMemoryDestination(): MemoryDestination {
  const calls: SegmentCall[] = [];
  let closed = false;

  return {
    name: "memory",
    calls,
    async send(call): Promise<DeliveryOutcome> {
      // Same contract as the real destinations, so code tested against this one behaves the same.
      if (closed) {
        const error = { code: "destination_closed" as const, message: "The memory destination is closed." };
        return { status: "failed", call, error: call.messageId ? { ...error, messageId: call.messageId } : error };
      }
      calls.push(structuredClone(call));
      return { status: "delivered", call };
    },
    clear() {
      // Emptied in place, so a reference to `calls` taken earlier stays valid.
      calls.length = 0;
    },
    async close() {
      closed = true;
    },
  };
}
