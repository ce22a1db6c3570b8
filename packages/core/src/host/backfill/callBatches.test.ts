import { describe, expect, it } from "vitest";
import type { SegmentCall } from "../../calls/segmentCall";
import { callBatches, MAX_BATCH_BYTES } from "./callBatches";

const call = (i: number, padding = 0): SegmentCall => ({
  type: "track",
  event: "Order Completed",
  messageId: `m${i}`,
  properties: { note: "x".repeat(padding) },
});

describe("callBatches", () => {
  it("cuts at the number of calls, in order", () => {
    const batches = callBatches(
      Array.from({ length: 25 }, (_, i) => call(i)),
      10,
    );
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(batches.flat().map((c) => c.messageId)).toEqual(Array.from({ length: 25 }, (_, i) => `m${i}`));
  });

  it("keeps each batch within Segment's 500 KB", () => {
    const calls = Array.from({ length: 100 }, (_, i) => call(i, 30_000));
    const batches = callBatches(calls, 1000);
    for (const batch of batches) expect(Buffer.byteLength(JSON.stringify({ batch }))).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    expect(batches.length).toBeGreaterThan(5);
    expect(batches.flat()).toHaveLength(100);
  });

  it("gives no batch for no calls", () => {
    expect(callBatches([], 10)).toEqual([]);
  });
});
