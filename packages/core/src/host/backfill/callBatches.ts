import type { SegmentCall } from "../../calls/segmentCall";

/** Segment's limit for one batch request. */
export const MAX_BATCH_BYTES = 500 * 1024;

/**
 * Splits calls into batches of at most `maxCalls` calls and `maxBytes` of JSON (Segment's 500 KB
 * per batch by default), in order. A call is never split; a call over the limit on its own is
 * a batch of one (validation keeps calls under 32 KB, so it does not happen with mapped calls).
 */
export function callBatches(calls: readonly SegmentCall[], maxCalls: number, maxBytes = MAX_BATCH_BYTES): SegmentCall[][] {
  const batches: SegmentCall[][] = [];
  let batch: SegmentCall[] = [];
  let bytes = 0;
  for (const call of calls) {
    // The separator between messages in the request body.
    const size = Buffer.byteLength(JSON.stringify(call)) + 1;
    if (batch.length && (batch.length >= maxCalls || bytes + size > maxBytes)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(call);
    bytes += size;
  }
  if (batch.length) batches.push(batch);
  return batches;
}
