import { CALL_FIELDS, CALL_TYPES, COMMON_FIELDS, isCallType, type JsonObject, type SegmentCall } from "../calls/segmentCall";
import { describeValue } from "../shared/describeValue";
import { parseIsoTimestamp } from "../shared/isoTimestamp";

/** Segment rejects messages over 32 KB; the client adds its own fields, so keep a margin. */
export const MAX_CALL_BYTES = 32 * 1024 - 512;
export const MAX_MESSAGE_ID_LENGTH = 100;

const OBJECT_FIELDS = ["properties", "traits", "context", "integrations"];
const STRING_FIELDS = ["event", "groupId", "previousId", "name", "category", "messageId"];
const ID_FIELDS = ["userId", "anonymousId", "groupId", "previousId", "messageId"];

export type ValidationResult = { ok: true; call: SegmentCall } | { ok: false; problems: string[] };

/**
 * Checks a call against what Segment accepts, before it is sent: Segment answers 200 to
 * almost anything, so bad data would otherwise be lost silently. Ids given as whole numbers
 * or BigInts become text, timestamps (ISO 8601 text or a Date) become `toISOString()`'s form;
 * everything else is reported, describing values by type and size, never quoting them.
 */
export function validateCall(input: JsonObject & { type: unknown }): ValidationResult {
  const problems: string[] = [];
  const { type } = input;
  if (!isCallType(type)) {
    return { ok: false, problems: [`unknown call type (got ${describeValue(type)}; expected one of ${CALL_TYPES.join(", ")})`] };
  }
  const call: JsonObject = { type };
  const allowed = new Set<string>([...CALL_FIELDS[type], ...COMMON_FIELDS]);
  for (const [field, value] of Object.entries(input)) {
    if (field === "type") continue;
    if (!allowed.has(field)) {
      problems.push(`unknown field "${field}" for ${type} (allowed: ${[...allowed].join(", ")})`);
      continue;
    }
    if (value === null || value === undefined) continue;
    call[field] = value;
  }

  for (const field of ID_FIELDS) {
    const value = call[field];
    if (typeof value === "bigint") call[field] = value.toString();
    else if (typeof value === "number" && Number.isSafeInteger(value)) call[field] = String(value);
    else if (typeof value === "number") problems.push(`${field} ${unsafeIdNumber(value)}`);
  }
  for (const field of [...STRING_FIELDS, "userId", "anonymousId"]) {
    if (ID_FIELDS.includes(field) && typeof call[field] === "number") continue; // reported above
    if (field in call && typeof call[field] !== "string") {
      problems.push(`${field} must be text, got ${describeValue(call[field])}`);
    } else if (field in call && call[field] === "") {
      delete call[field];
    }
  }
  for (const field of OBJECT_FIELDS) {
    if (field in call && !isPlainObject(call[field])) problems.push(`${field} must be an object, got ${describeValue(call[field])}`);
  }

  // Presence, not truth: an id that is a bad number is reported once, above.
  if (!("userId" in call) && !("anonymousId" in call)) problems.push("userId or anonymousId is required");
  if (type === "track" && !call.event) problems.push("event (the track event name) is required");
  if (type === "group" && !call.groupId) problems.push("groupId is required");
  if (type === "alias" && (!call.previousId || !call.userId)) problems.push("alias requires previousId and userId");

  if ("timestamp" in call) {
    const timestamp = readTimestamp(call.timestamp);
    if (timestamp.ok) call.timestamp = timestamp.iso;
    else problems.push(`timestamp ${timestamp.problem}`);
  }
  if (typeof call.messageId === "string" && call.messageId.length > MAX_MESSAGE_ID_LENGTH) {
    problems.push(`messageId is ${call.messageId.length} characters long; Segment allows ${MAX_MESSAGE_ID_LENGTH}`);
  }
  const bytes = jsonBytes(call);
  if (typeof bytes === "string") {
    problems.push(`the call cannot be written as JSON (${bytes})`);
  } else if (bytes > MAX_CALL_BYTES) {
    // In bytes: "31.6 KB, at most 32 KB" would read as no problem at all.
    problems.push(`the call is ${bytes} bytes; the limit is ${MAX_CALL_BYTES} (Segment's 32 KB less room for the fields its client adds)`);
  }
  return problems.length ? { ok: false, problems } : { ok: true, call: call as unknown as SegmentCall };
}

/** Bytes of the call as JSON, or why it has none (a BigInt or a cycle handed in by a caller). */
function jsonBytes(call: JsonObject): number | string {
  try {
    return Buffer.byteLength(JSON.stringify(call));
  } catch (error) {
    return (error as Error).message;
  }
}

function isPlainObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A number cannot always be an id: a double rounds ids above 2^53 - 1 into other ids. */
function unsafeIdNumber(value: number): string {
  if (!Number.isFinite(value)) return "is a number that is not finite (NaN or Infinity), not an id";
  if (!Number.isInteger(value)) return "is a number with a fraction, not an id";
  return "is a number beyond 2^53 - 1, rounded already (it may now be another id): give it as text or a BigInt";
}

/**
 * ISO 8601 text of a real calendar date, or a valid Date (hand-written calls). Numbers are
 * refused: epoch seconds and milliseconds look alike, and one read as the other is 1970 or 50,000 AD.
 */
function readTimestamp(value: unknown): { ok: true; iso: string } | { ok: false; problem: string } {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? { ok: false, problem: "is an invalid Date" } : { ok: true, iso: value.toISOString() };
  }
  if (typeof value === "number") {
    return {
      ok: false,
      problem: "is a number: epoch seconds and milliseconds cannot be told apart; give ISO 8601 text (in a mapping, = $iso(milliseconds))",
    };
  }
  if (typeof value !== "string") return { ok: false, problem: `must be ISO 8601 text, got ${describeValue(value)}` };
  const parsed = parseIsoTimestamp(value);
  return parsed.ok ? parsed : { ok: false, problem: `(${describeValue(value)}) ${parsed.reason}` };
}
