import type { JsonObject, SegmentCall } from "../../calls/segmentCall";
import { convertInput, hash, type SourceEvent } from "../../evaluate";
import { prepareCall, withStorableText } from "../../validate";
import type { StoredCall, StoredEvent, TruncatedCall } from "./outboxStore";

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
  return keptWhole(call, JSON.stringify(call));
}

/**
 * What the outbox keeps of an event whose mapping failed, to map it again: its name and data, made
 * plain as a mapping's input is (an ORM entity, BigInts) with text PostgreSQL can store, bounded as
 * an invalid call is (its JSON over MAX_KEPT_CALL_BYTES is kept as its size and start only). A
 * Medusa event's data is its subject's id: the records are loaded again when it is mapped again.
 */
export function keptEvent(event: SourceEvent): StoredEvent {
  const plain = { name: event.name, data: withStorableText(convertInput(event.data ?? {}).value) };
  return keptWhole(plain, JSON.stringify(plain));
}

/** The id of an event's row: the same event failing again (mapped again, or emitted again) keeps one row. */
export function deadEventId(event: StoredEvent): string {
  return `tm-event-${hash(event)}`;
}

export type StoredEventCheck = { ok: true; event: SourceEvent } | { ok: false; reason: string };

/** A stored event as it can be mapped again; one kept truncated cannot. */
export function checkStoredEvent(event: StoredEvent): StoredEventCheck {
  if ("name" in event && typeof event.name === "string") return { ok: true, event: { name: event.name, data: event.data } };
  const bytes = "bytes" in event ? event.bytes : 0;
  return { ok: false, reason: `TM_INPUT_TOO_LARGE not mapped again: the event's data was ${bytes} bytes and only its start was kept when it failed` };
}

function keptWhole<T>(value: T, json: string): T | TruncatedCall {
  const bytes = Buffer.byteLength(json);
  if (bytes <= MAX_KEPT_CALL_BYTES) return value;
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
