import type { JsonObject, SegmentCall } from "../../calls/segmentCall";
import { prepareCall } from "../../validate";
import type { StoredCall, TruncatedCall } from "./outboxStore";

/**
 * An invalid call is kept whole up to this size of JSON: twice Segment's limit for a call, so
 * that one a little too large (the usual case) can be read in full. A larger one is kept as its
 * size and its first MAX_KEPT_CALL_BYTES bytes.
 */
export const MAX_KEPT_CALL_BYTES = 64 * 1024;

/**
 * What the outbox keeps of a call that failed validation, to show why: the call itself, or,
 * when its JSON is over MAX_KEPT_CALL_BYTES, a TruncatedCall (a 10 MB call is not stored whole
 * to be looked at).
 */
export function keptCall(call: SegmentCall): StoredCall {
  const json = JSON.stringify(call);
  const bytes = Buffer.byteLength(json);
  if (bytes <= MAX_KEPT_CALL_BYTES) return call;
  // encodeInto writes whole characters only: the prefix never ends in half of one.
  const { read } = new TextEncoder().encodeInto(json, new Uint8Array(MAX_KEPT_CALL_BYTES));
  return { truncated: true, bytes, prefix: json.slice(0, read) };
}

function isTruncatedCall(call: StoredCall): call is TruncatedCall {
  const { truncated, bytes, prefix, type } = call as Partial<TruncatedCall> & { type?: unknown };
  return truncated === true && typeof bytes === "number" && typeof prefix === "string" && type === undefined;
}

export type StoredCallCheck = { ok: true; call: SegmentCall } | { ok: false; reason: string };

/**
 * A stored call checked again just before it is sent, by the rules of calls written by hand
 * (prepareCall): a dead call re-sent after it failed validation must not go out unchanged, nor
 * a row written by other means (an older version, an operator's UPDATE). It is sent in its
 * checked form; one that fails is given up again, with the reason of now.
 */
export function checkStoredCall(call: StoredCall): StoredCallCheck {
  if (isTruncatedCall(call)) {
    return {
      ok: false,
      reason: `TM_INVALID_CALL not sent: the call was ${call.bytes} bytes and only its first ${Buffer.byteLength(call.prefix)} were kept when it failed validation, so it cannot be sent again`,
    };
  }
  try {
    const result = prepareCall(call as unknown as JsonObject & { type: unknown });
    if (result.ok) return result;
    return { ok: false, reason: `TM_INVALID_CALL invalid call, not sent (checked again before sending): ${result.problems.join("; ")}` };
  } catch (error) {
    return { ok: false, reason: `TM_INVALID_CALL invalid call, not sent: it could not be checked (${(error as Error)?.message ?? error})` };
  }
}
