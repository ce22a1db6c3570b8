import { isCallType, type JsonObject } from "../calls/segmentCall";
import type { CompiledCall, CompiledMapping } from "../compile";
import { evaluateValue, type EvaluationContext } from "./evaluateValue";
import { MappingRunError } from "./mappingRunError";
import { convertInput, isTruthy, MAX_INPUT_DEPTH, type PlainInput, toPlainInput } from "./normalize";
import { describeValue } from "../shared/describeValue";
import type { RecordLoader, SourceEvent } from "./sourceEvent";
import type { Location } from "../diagnostics/location";

// TYPES

export interface EvaluateOptions {
  /** Records already at hand, by name (e.g. from a fixture); these are not loaded again. */
  records?: Record<string, unknown>;
  /** Loads the records the mapping declares that are not in `records`. */
  loader?: RecordLoader;
  /**
   * Values the host gives every expression, as `$name`: settings such as a reporting currency
   * and its rates (`{ reporting: { currency: "EUR", rates: { USD: 0.92 } } }` → `$reporting`).
   */
  variables?: Record<string, unknown>;
  /** Told which expression is about to run; see EvaluationContext. */
  onExpression?: EvaluationContext["onExpression"];
  /**
   * The `records` are plain already (parsed from JSON and checked for depth, as an isolated worker
   * does before its budget starts): used as they are, not walked again.
   */
  recordsArePlain?: boolean;
}

/** A call as the mapping produced it, before messageId, redaction and validation. */
export interface ProducedCall {
  /** `{ type, ...fields }` as evaluated. */
  call: JsonObject & { type: string };
  /** Which call of the mapping produced it, e.g. `calls[0].track`. */
  label: string;
  /** Index in `each`, when the call is made per item. */
  item?: number;
  /** Where the call is written, for messages about it. */
  location?: Location;
}

export interface MappingOutcome {
  event: SourceEvent;
  mapping: string;
  /** The input the expressions saw: `{ event, <records> }`. */
  input: JsonObject;
  calls: ProducedCall[];
  /** Failures; a failing call does not stop the other calls of the event. */
  errors: MappingRunError[];
}

// EVALUATION

/** Loads what the mapping declares, then evaluates each of its calls for the event. */
export async function evaluateMapping(mapping: CompiledMapping, event: SourceEvent, options: EvaluateOptions = {}): Promise<MappingOutcome> {
  const outcome: MappingOutcome = { event, mapping: mapping.file.path, input: {}, calls: [], errors: [] };
  try {
    const context = await loadInput(mapping, outcome, options);
    await evaluateCalls(mapping, outcome, context);
  } catch (error) {
    outcome.errors.push(asRunError(error, { event: event.name, mapping: mapping.file.path }));
  }
  return outcome;
}

/** What `loadMappingInput` gives: the input the expressions would see, and the problems met building it. */
export interface LoadedInput {
  /** `{ event, <records> }`, plain. */
  input: JsonObject;
  errors: MappingRunError[];
  /** False when a failure stops the event (a record not found, a failed load): its calls must not be evaluated. */
  complete: boolean;
}

export interface LoadInputOptions extends EvaluateOptions {
  /**
   * Leaves the records as the loader (or `records`) gave them, not made plain: for a caller that
   * serialises them anyway and has them made plain where they are evaluated (with the same checks).
   */
  keepRecordsAsLoaded?: boolean;
}

/**
 * Only the first half of `evaluateMapping`: the event made plain and the records the mapping
 * declares loaded, without evaluating the calls. An isolated worker evaluates them later with
 * these as `records`, while loading stays where the database connection is.
 */
export async function loadMappingInput(mapping: CompiledMapping, event: SourceEvent, options: LoadInputOptions = {}): Promise<LoadedInput> {
  const outcome: MappingOutcome = { event, mapping: mapping.file.path, input: {}, calls: [], errors: [] };
  try {
    await loadInput(mapping, outcome, options);
    return { input: outcome.input, errors: outcome.errors, complete: true };
  } catch (error) {
    outcome.errors.push(asRunError(error, { event: event.name, mapping: mapping.file.path }));
    return { input: outcome.input, errors: outcome.errors, complete: false };
  }
}

/** Fills `outcome.input` with the event and the loaded records; gives the context the expressions run in. */
async function loadInput(mapping: CompiledMapping, outcome: MappingOutcome, options: LoadInputOptions): Promise<EvaluationContext> {
  const { event } = outcome;
  const context: EvaluationContext = {
    event: event.name,
    mapping: mapping.file.path,
    variables: options.variables && (hostData(options.variables, "variables", event, mapping, outcome) as Record<string, unknown>),
    onExpression: options.onExpression,
  };
  outcome.input.event = {
    name: event.name,
    data: hostData(event.data ?? {}, "event.data", event, mapping, outcome),
    metadata: hostData(event.metadata ?? {}, "event.metadata", event, mapping, outcome),
  };
  await loadRecords(mapping, outcome, options, context);
  return context;
}

/** Each call of the mapping; a failing call does not stop the others. */
async function evaluateCalls(mapping: CompiledMapping, outcome: MappingOutcome, context: EvaluationContext): Promise<void> {
  const { input } = outcome;
  for (const call of mapping.calls) {
    try {
      outcome.calls.push(...(await evaluateCall(call, input, context)));
    } catch (error) {
      outcome.errors.push(asRunError(error, context));
    }
  }
  if (mapping.callsProgram) {
    try {
      const { calls, errors } = await evaluateCallsProgram(mapping, input, context);
      outcome.calls.push(...calls);
      outcome.errors.push(...errors);
    } catch (error) {
      outcome.errors.push(asRunError(error, context));
    }
  }
}

/**
 * Host data made plain for the expressions. Parts nested too deep are left out and reported
 * (the calls go on without them); data that cannot be read at all (a throwing getter or
 * toJSON) fails the event with TM_BAD_INPUT.
 */
function hostData(value: unknown, path: string, event: SourceEvent, mapping: CompiledMapping, outcome: MappingOutcome): unknown {
  const fail = (reason: string) => new MappingRunError({ code: "TM_BAD_INPUT", event: event.name, file: mapping.file.path, path, reason });
  let plain: PlainInput;
  try {
    plain = convertInput(value);
  } catch (error) {
    throw fail(`${path} could not be read: ${(error as Error)?.message ?? describeValue(error)}`);
  }
  if (plain.truncated) outcome.errors.push(tooDeepError(event.name, mapping.file.path, path));
  return plain.value;
}

/** Host data nested deeper than MAX_INPUT_DEPTH at `path`: reported, and the calls go on without the deeper parts. */
export function tooDeepError(event: string, file: string, path: string): MappingRunError {
  const reason = `${path} is nested deeper than ${MAX_INPUT_DEPTH} levels; the deeper parts were left out`;
  return new MappingRunError({ code: "TM_BAD_INPUT", event, file, path, reason });
}

/** Loads what the mapping declares, in order (a later id may use an earlier record); the first failure stops the event. */
async function loadRecords(mapping: CompiledMapping, outcome: MappingOutcome, options: LoadInputOptions, context: EvaluationContext): Promise<void> {
  const { input, event } = outcome;
  const asGiven = options.keepRecordsAsLoaded || options.recordsArePlain;
  const plain = (value: unknown, name: string) => (asGiven ? value : hostData(value, `load.${name}`, event, mapping, outcome));
  for (const load of mapping.load) {
    if (options.records && load.name in options.records) {
      input[load.name] = plain(options.records[load.name], load.name) ?? null;
      continue;
    }
    const fail = (code: "TM_RECORD_NOT_FOUND" | "TM_LOAD_FAILED", reason: string) =>
      new MappingRunError({ code, event: context.event, ...load.location, path: `load.${load.name}`, reason });
    // Records kept as loaded are made plain for the ids of later loads only (rare: most mappings load one record).
    const idInput = options.keepRecordsAsLoaded && load !== mapping.load[0] ? toPlainInput(input) : input;
    const id = await evaluateValue(load.id, idInput, {}, context);
    let record: unknown = null;
    let missing = `${load.entity} ${JSON.stringify(id)} was not found`;
    // Without an id there is nothing to look up: asking the loader for `undefined` would hide the mistake.
    if (id === undefined || id === null || id === "") {
      missing = `the id of ${load.entity} (load.${load.name}.id) gave nothing`;
    } else if (!options.loader) {
      throw fail("TM_RECORD_NOT_FOUND", `record "${load.name}" is not in the input, and no loader was given to load it`);
    } else {
      try {
        record = await options.loader({ name: load.name, entity: load.entity, id, fields: load.fields });
      } catch (error) {
        // Database errors can quote a whole SQL statement: keep the log line readable.
        const reason = String((error as Error)?.message ?? error);
        const short = reason.length > 300 ? `${reason.slice(0, 150)} … ${reason.slice(-120)}` : reason;
        throw fail("TM_LOAD_FAILED", `loading ${load.entity} ${JSON.stringify(id)} failed: ${short}`);
      }
    }
    if (record === null || record === undefined) {
      if (!load.optional) throw fail("TM_RECORD_NOT_FOUND", missing);
      input[load.name] = null;
    } else {
      input[load.name] = plain(record, load.name);
    }
  }
}

async function evaluateCall(call: CompiledCall, input: JsonObject, context: EvaluationContext): Promise<ProducedCall[]> {
  let items: unknown[] = [undefined];
  if (call.each) {
    const list = await evaluateValue(call.each, input, {}, context);
    items = list === undefined || list === null ? [] : Array.isArray(list) ? list : [list];
  }
  const produced: ProducedCall[] = [];
  for (const [index, item] of items.entries()) {
    const variables = call.each ? { item, index } : {};
    if (call.when && !isTruthy(await evaluateValue(call.when, input, variables, context))) continue;
    const body = await evaluateValue(call.body, input, variables, context);
    if (!body || typeof body !== "object" || Array.isArray(body)) {
      throw new MappingRunError({
        code: "TM_BAD_RESULT",
        event: context.event,
        ...call.location,
        path: call.label,
        reason: `${call.label} gave ${describeValue(body)}; expected an object of call fields`,
      });
    }
    produced.push({
      call: { type: call.type, ...(body as JsonObject) },
      label: call.label,
      ...(call.each ? { item: index } : {}),
      location: call.location,
    });
  }
  return produced;
}

/**
 * The body of a `.jsonata` mapping gives a call object with `type`, a list of them, or
 * nothing. A bad item is reported and the good ones are kept, as with YAML calls.
 */
async function evaluateCallsProgram(
  mapping: CompiledMapping,
  input: JsonObject,
  context: EvaluationContext,
): Promise<{ calls: ProducedCall[]; errors: MappingRunError[] }> {
  const program = mapping.callsProgram!;
  const location = "location" in program ? program.location : undefined;
  const result = await evaluateValue(program, input, {}, context);
  const list = result === undefined || result === null ? [] : Array.isArray(result) ? result : [result];
  const calls: ProducedCall[] = [];
  const errors: MappingRunError[] = [];
  list.forEach((call, index) => {
    const path = Array.isArray(result) ? `(body)[${index}]` : "(body)";
    const type = (call as { type?: unknown })?.type;
    if (!call || typeof call !== "object" || Array.isArray(call) || !isCallType(type)) {
      const got = call && typeof call === "object" && !Array.isArray(call) ? describeType(type) : describeValue(call);
      errors.push(
        new MappingRunError({
          code: "TM_BAD_RESULT",
          event: context.event,
          file: mapping.file.path,
          ...location,
          path,
          reason: `the expression gave ${got}; each call must be an object with "type" (track, identify, group, page or alias)`,
        }),
      );
      return;
    }
    calls.push({ call: call as ProducedCall["call"], label: `(body)[${index}].${type}`, location });
  });
  return { calls, errors };
}

// HELPERS

function asRunError(error: unknown, context: EvaluationContext): MappingRunError {
  if (error instanceof MappingRunError) return error;
  return new MappingRunError({
    code: "TM_EVAL_ERROR",
    event: context.event,
    file: context.mapping,
    reason: `unexpected failure: ${(error as Error)?.stack ?? String(error)}`,
  });
}

function describeType(type: unknown): string {
  return type === undefined ? 'an object without "type"' : `an object whose "type" is ${describeValue(type)}`;
}
