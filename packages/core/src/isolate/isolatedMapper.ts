import type { CompiledMapping, EvaluationLimits, MappingSet } from "../compile";
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic";
import { invalidMappingsError } from "../diagnostics/trackmapError";
import { entityIdsOf, loadMappingInput, tooDeepError, MappingRunError, type MappingRunErrorDetails, type SourceEvent } from "../evaluate";
import { loadMappings, type LoadResult, type MapEventOptions } from "../pipeline";
import type { PreparedCalls } from "../validate";
import { resolveBudget, type EvaluationBudget } from "./evaluationBudget";
import { startEvaluationPool, type EvaluationPool, type PoolOutcome } from "./evaluationPool";
import { fingerprintMappings } from "./fingerprintMappings";
import { plainRecords } from "./plainRecords";
import { stringifyInSlices } from "./stringifyInSlices";
import { fromWorkerResult, type TaskInput } from "./workerProtocol";

// TYPES

export interface IsolatedMapperOptions {
  /** Mapping roots (folders or files), as for loadMappings: a later root overrides an earlier one. */
  mappings: string | readonly string[];
  /** Limits of each expression, as for loadMappings. */
  limits?: Partial<EvaluationLimits>;
  /** What one event may cost; see EvaluationBudget for the defaults. */
  budget?: Partial<EvaluationBudget>;
  /**
   * The mappings already loaded from these roots with these limits, by a caller that reports their
   * problems itself (the test runner, a host's start-up): they are not loaded again here, and errors
   * do not stop it.
   */
  loaded?: LoadResult;
}

/**
 * Maps events off the main thread, in a pool of worker processes, with hard limits: an event
 * over its time budget or its worker's heap is reported (`TM_EVAL_TIMEOUT`, `TM_EVAL_MEMORY`,
 * naming the event, the mapping file and line) and its worker replaced, while other events go
 * on. The records a mapping declares are loaded here, where the database connection is; only
 * plain data crosses to the worker.
 *
 *     const mapper = await createIsolatedMapper({ mappings: ["mappings"] });
 *     const mapping = mapper.mappings.forEvent("order.placed")!;
 *     const { calls, errors } = await mapper.mapEvent(mapping, event, { loader });
 *     await mapper.close();
 */
export interface IsolatedMapper {
  /** The mappings in force, as the workers load them too. */
  readonly mappings: MappingSet;
  /** Warnings found loading the mappings (errors stop `createIsolatedMapper`). */
  readonly diagnostics: readonly Diagnostic[];
  readonly budget: EvaluationBudget;
  /** Like the pipeline's mapEvent, bounded; never throws for a mapping's failure. */
  mapEvent(mapping: CompiledMapping, event: SourceEvent, options?: MapEventOptions): Promise<PreparedCalls>;
  /** Stops the workers; events mapped after it fail with TM_EVAL_ERROR. Safe to call twice. */
  close(): Promise<void>;
}

// CREATION

/** Loads the mappings (throwing TM_INVALID_MAPPINGS when they have errors) and starts the workers. */
export async function createIsolatedMapper(options: IsolatedMapperOptions): Promise<IsolatedMapper> {
  const budget = resolveBudget(options.budget);
  const roots = typeof options.mappings === "string" ? [options.mappings] : [...options.mappings];
  const limits = options.limits ?? {};
  const { mappings, diagnostics, files } = options.loaded ?? (await loadMappings(roots, { limits }));
  if (!options.loaded && hasErrors(diagnostics)) throw invalidMappingsError(diagnostics);
  const fingerprint = fingerprintMappings(mappings, files);
  const pool = await startEvaluationPool({ roots, limits, fingerprint, maxCalls: budget.maxCalls }, budget);
  let closed: Promise<void> | undefined;
  return {
    mappings,
    diagnostics,
    budget,
    mapEvent: (mapping, event, mapOptions = {}) => mapIsolated(pool, budget, mapping, event, mapOptions),
    close: () => (closed ??= pool.close()),
  };
}

// ONE EVENT

async function mapIsolated(
  pool: EvaluationPool,
  budget: EvaluationBudget,
  mapping: CompiledMapping,
  event: SourceEvent,
  options: MapEventOptions,
): Promise<PreparedCalls> {
  const { records, loader, variables, redact } = options;
  // The records go to the worker as the loader gave them: the worker makes them plain (and reports what it finds).
  const loaded = await loadMappingInput(mapping, event, { records, loader, variables, keepRecordsAsLoaded: true });
  // Known before the worker runs: an event stopped in it is still found by its order and customer.
  const entityIds = entityIdsOf({ event, ...loaded.input });
  const fail = (details: Omit<MappingRunErrorDetails, "event">, before: MappingRunError[] = []): PreparedCalls => ({
    calls: [],
    rejected: [],
    entityIds,
    errors: [...before, new MappingRunError({ event: event.name, file: mapping.file.path, ...details })],
  });
  if (!loaded.complete) return { calls: [], rejected: [], errors: loaded.errors, entityIds };

  const { event: plainEvent, ...loadedRecords } = loaded.input as { event: { data: unknown; metadata: unknown } };
  const taskInput: TaskInput = { data: plainEvent.data, metadata: plainEvent.metadata, records: loadedRecords, variables };
  let written: WrittenInput;
  try {
    written = await writeInput(taskInput);
  } catch (error) {
    return fail(
      { code: "TM_BAD_INPUT", reason: `the event's input cannot be written as JSON: ${(error as Error)?.message ?? String(error)}` },
      loaded.errors,
    );
  }
  if (written.bytes > budget.maxInputBytes) {
    const reason = `the event's input (data and loaded records) is ${formatBytes(written.bytes)} as JSON, more than the ${formatBytes(budget.maxInputBytes)} allowed (maxInputBytes)`;
    return fail({ code: "TM_INPUT_TOO_LARGE", reason }, loaded.errors);
  }
  const input = written.text;
  // Records made plain here (circular, or holding BigInts) lost what was nested too deep: said as evaluation in process says it.
  for (const name of written.truncated) loaded.errors.push(tooDeepError(event.name, mapping.file.path, `load.${name}`));

  let outcome: PoolOutcome;
  try {
    outcome = await pool.run({ mappingFile: mapping.file.path, eventName: event.name, redact }, input);
  } catch (error) {
    return fail({ code: "TM_EVAL_ERROR", reason: `the evaluation worker failed: ${(error as Error)?.message ?? String(error)}` }, loaded.errors);
  }
  if ("result" in outcome) {
    const prepared = fromWorkerResult(outcome.result, entityIds);
    // The worker reads the same plain input again: a problem found here (too deep data) it finds too.
    const seen = new Set(prepared.errors.map((error) => error.message));
    return { ...prepared, errors: [...loaded.errors.filter((error) => !seen.has(error.message)), ...prepared.errors] };
  }
  return fail(describeStop(outcome, budget, mapping), loaded.errors);
}

/** Why an event's worker was stopped or lost, and where in the mapping it was. */
function describeStop(
  outcome: Exclude<PoolOutcome, { result: unknown }>,
  budget: EvaluationBudget,
  mapping: CompiledMapping,
): Omit<MappingRunErrorDetails, "event"> {
  const { expression, elapsedMs } = outcome;
  const where = expression ? { ...expression.location, path: expression.path, mapping: mapping.file.path } : { file: mapping.file.path };
  const inIt = expression ? " in this expression" : "";
  if (outcome.stopped === "budget") {
    const reason = `the event ran past its budget of ${budget.budgetMs} ms (budgetMs): its worker was stopped after ${elapsedMs} ms${inIt}`;
    return { code: "TM_EVAL_TIMEOUT", ...where, reason };
  }
  const reason =
    `the evaluation worker died after ${elapsedMs} ms${inIt}: ` +
    `out of memory (heapMb: ${budget.heapMb}) or a string or list larger than JavaScript allows`;
  return { code: "TM_EVAL_MEMORY", ...where, reason };
}

/**
 * The task's input as JSON, written in slices so a large order does not stall the main thread.
 * Records JSON cannot hold as they are (an ORM entity pointing back at its parent, a BigInt)
 * are made plain first, as evaluation in process would.
 */
async function writeInput(input: TaskInput): Promise<WrittenInput> {
  try {
    return { ...(await stringifyInSlices(input)), truncated: [] };
  } catch {
    const { records, truncated } = plainRecords(input.records);
    return { ...(await stringifyInSlices({ ...input, records })), truncated };
  }
}

interface WrittenInput {
  text: string;
  bytes: number;
  /** The records whose parts nested too deep were left out when they were made plain. */
  truncated: string[];
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
