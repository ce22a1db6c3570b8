import type { JsonObject, SegmentCall } from "../calls/segmentCall";
import { type MappingOutcome, hash, MappingRunError, convertInput, entityIdsOf, MAX_INPUT_DEPTH } from "../evaluate";
import { describeValue } from "../shared/describeValue";
import { redactorFor } from "./redact";
import { withStorableText } from "./storableText";
import { MAX_MESSAGE_ID_LENGTH, validateCall, type ValidationResult } from "./validateCall";

export interface PrepareOptions {
  /** Keys removed from every call at any depth, besides DEFAULT_REDACTED_KEYS (same syntax: `*` is any text). */
  redact?: readonly string[];
}

export interface PreparedCalls {
  /** Calls ready to deliver. */
  calls: SegmentCall[];
  /** The mapping's run-time errors plus calls that failed validation. */
  errors: MappingRunError[];
  /** The calls that failed validation, as the mapping produced them (redacted), with their error. */
  rejected: RejectedCall[];
  /** The ids of the entities the event concerns (see entityIdsOf), stored with its calls. */
  entityIds: string[];
}

export interface RejectedCall {
  call: SegmentCall;
  error: MappingRunError;
}

/**
 * Turns what a mapping produced into calls safe to send: a deterministic messageId
 * where the mapping set none, redacted keys removed, text the outbox cannot store
 * replaced, and Segment's rules checked.
 */
export function prepareCalls(outcome: MappingOutcome, options: PrepareOptions = {}): PreparedCalls {
  const errors = [...outcome.errors];
  const calls: SegmentCall[] = [];
  const rejected: RejectedCall[] = [];
  const seenIds = new Set<string>();
  for (const produced of outcome.calls) {
    const candidate = cleaned(produced.call, options);
    if (candidate.messageId === undefined || candidate.messageId === null || candidate.messageId === "") {
      candidate.messageId = defaultMessageId(outcome, produced.label, produced.item, candidate);
    }
    const result = validateCall(candidate);
    if (!result.ok) {
      const error = new MappingRunError({
        code: "TM_INVALID_CALL",
        event: outcome.event.name,
        file: outcome.mapping,
        ...produced.location,
        path: produced.item === undefined ? produced.label : `${produced.label} (item ${produced.item})`,
        reason: `invalid call, not sent: ${result.problems.join("; ")}`,
      });
      errors.push(error);
      rejected.push({ call: candidate as unknown as SegmentCall, error });
      continue;
    }
    // Two identical calls in one event would share an id and Segment would drop one.
    const base = result.call.messageId!;
    let id = base;
    for (let n = 2; seenIds.has(id); n++) id = `${base.slice(0, MAX_MESSAGE_ID_LENGTH - `-${n}`.length)}-${n}`;
    seenIds.add(id);
    calls.push({ ...result.call, messageId: id });
  }
  // The event's subject even when loading its records failed before the input was built.
  return { calls, errors, rejected, entityIds: entityIdsOf({ event: outcome.event, ...outcome.input }) };
}

/**
 * Checks one call written by hand (e.g. `segmentService.track(...)` in a host), with the
 * same redaction and rules as mapped calls. Its objects are host data, made plain as a
 * mapping's input is (Dates, BigInts, ORM back-references); its top-level values are the
 * validator's to judge (a Date timestamp, a BigInt id). Without a messageId, the Segment
 * client assigns a random one.
 */
export function prepareCall(call: JsonObject & { type: unknown }, options: PrepareOptions = {}): ValidationResult {
  const problems: string[] = [];
  const plain: JsonObject & { type: unknown } = { ...call };
  for (const [field, value] of Object.entries(call)) {
    if (!value || typeof value !== "object" || value instanceof Date) continue;
    try {
      const converted = convertInput(value);
      if (converted.truncated) problems.push(`${field} is nested deeper than ${MAX_INPUT_DEPTH} levels`);
      plain[field] = converted.value;
    } catch (error) {
      problems.push(`${field} could not be read: ${(error as Error)?.message ?? describeValue(error)}`);
    }
  }
  const result = validateCall(cleaned(plain, options));
  if (!problems.length) return result;
  return { ok: false, problems: [...problems, ...(result.ok ? [] : result.problems)] };
}

/**
 * What every call goes through before it is checked: the redacted keys removed, and the text
 * PostgreSQL cannot store replaced (see withStorableText). A rejected call is kept in this form.
 */
function cleaned<T extends object>(call: T, options: PrepareOptions): T {
  return withStorableText(redactorFor(options.redact)({ ...call }));
}

/**
 * Derived from the event (name and data, which hold the entity's id) and the call that
 * produced it: replaying the same event gives the same ids, so Segment dedupes them. The
 * data is taken as the expressions saw it: plain, whatever the host handed in (cycles, BigInts).
 */
function defaultMessageId(outcome: MappingOutcome, label: string, item: number | undefined, call: Record<string, unknown>): string {
  const data = (outcome.input.event as { data?: unknown } | undefined)?.data ?? {};
  return `tm-${hash(outcome.event.name, data, label, item ?? null, call.type, call.event ?? null)}`;
}
