import {
  CALL_FIELDS,
  COMMON_FIELDS,
  isCallType,
  type JsonObject,
  type SegmentCall,
} from "../calls/segmentCall";

/** Segment rejects messages over 32 KB; the client adds its own fields, so keep a margin. */
export const MAX_CALL_BYTES = 32 * 1024 - 512;
export const MAX_MESSAGE_ID_LENGTH = 100;

const OBJECT_FIELDS = ["properties", "traits", "context", "integrations"];
const STRING_FIELDS = ["event", "groupId", "previousId", "name", "category", "messageId"];

export type ValidationResult = { ok: true; call: SegmentCall } | { ok: false; problems: string[] };

/**
 * Checks a call against what Segment accepts, before it is sent: Segment answers 200 to
 * almost anything, so bad data would otherwise be lost silently. Ids given as numbers
 * become strings and timestamps become ISO strings; everything else is reported.
 */
export function validateCall(input: JsonObject & { type: unknown }): ValidationResult {
  const problems: string[] = [];
  const { type } = input;
  if (!isCallType(type)) {
    return { ok: false, problems: [`unknown call type ${JSON.stringify(type)}`] };
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

  for (const field of ["userId", "anonymousId", "groupId", "previousId", "messageId"]) {
    if (typeof call[field] === "number") call[field] = String(call[field]);
  }
  for (const field of [...STRING_FIELDS, "userId", "anonymousId"]) {
    if (field in call && typeof call[field] !== "string") {
      problems.push(`${field} must be text, got ${describe(call[field])}`);
    } else if (field in call && call[field] === "") {
      delete call[field];
    }
  }
  for (const field of OBJECT_FIELDS) {
    if (field in call && !isPlainObject(call[field])) problems.push(`${field} must be an object, got ${describe(call[field])}`);
  }

  if (!call.userId && !call.anonymousId) problems.push("userId or anonymousId is required");
  if (type === "track" && !call.event) problems.push("event (the track event name) is required");
  if (type === "group" && !call.groupId) problems.push("groupId is required");
  if (type === "alias" && (!call.previousId || !call.userId)) problems.push("alias requires previousId and userId");

  if ("timestamp" in call) {
    const date = new Date(call.timestamp as string);
    if (!(typeof call.timestamp === "string" || typeof call.timestamp === "number") || Number.isNaN(date.getTime())) {
      problems.push(`timestamp must be an ISO-8601 date, got ${describe(call.timestamp)}`);
    } else {
      call.timestamp = date.toISOString();
    }
  }
  if (typeof call.messageId === "string" && call.messageId.length > MAX_MESSAGE_ID_LENGTH) {
    problems.push(`messageId is ${call.messageId.length} characters long; Segment allows ${MAX_MESSAGE_ID_LENGTH}`);
  }
  const bytes = Buffer.byteLength(JSON.stringify(call));
  if (bytes > MAX_CALL_BYTES) {
    // In bytes: "31.6 KB, at most 32 KB" would read as no problem at all.
    problems.push(
      `the call is ${bytes} bytes; the limit is ${MAX_CALL_BYTES} (Segment's 32 KB less room for the fields its client adds)`,
    );
  }
  return problems.length ? { ok: false, problems } : { ok: true, call: call as unknown as SegmentCall };
}

function isPlainObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  const text = JSON.stringify(value);
  return text && text.length > 40 ? `${typeof value} ${text.slice(0, 37)}...` : `${typeof value} ${text}`;
}
