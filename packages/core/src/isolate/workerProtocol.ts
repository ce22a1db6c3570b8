import type { SegmentCall } from "../calls/segmentCall";
import type { EvaluationLimits } from "../compile";
import { MappingRunError, type MappingRunErrorDetails } from "../evaluate";
import type { PreparedCalls } from "../validate";

/**
 * What passes between the pool and its workers. Only plain data crosses: errors travel as
 * their details and are rebuilt on the other side.
 */

/** Given to each worker at start, through its environment (a child process gets no workerData). */
export interface WorkerConfig {
  /** The mapping roots, as given to loadMappings. */
  roots: string[];
  limits: Partial<EvaluationLimits>;
  /** The main thread's fingerprintMappings; a worker that loads something else maps nothing. */
  fingerprint: string;
  /** The folder of the workers' progress files (one per worker id). */
  progressDir: string;
  maxCalls: number;
}

export const WORKER_CONFIG_VARIABLE = "TRACKMAP_EVALUATION_WORKER";

export interface WorkerTask {
  /**
   * The mapping, by file (the main thread chose it: the one in force, or an overridden one for its
   * tests); null to only have the worker load its mappings and say whether they are the main thread's.
   */
  mappingFile: string | null;
  eventName: string;
  /**
   * The input, `{ data, metadata, records, variables }` as JSON, comes apart from the task, in
   * `inputParts` parts (see inputTransfer.ts) tagged `inputId`; none for a check.
   */
  inputId: number;
  inputParts: number;
  redact?: readonly string[];
}

/** The input a task carries, before it is written as JSON. */
export interface TaskInput {
  data: unknown;
  metadata: unknown;
  records: Record<string, unknown>;
  variables?: Record<string, unknown>;
}

export interface WorkerResult {
  calls: SegmentCall[];
  errors: MappingRunErrorDetails[];
  rejected: Array<{ call: SegmentCall; error: MappingRunErrorDetails }>;
}

/** Sent by a worker when it starts an event: the budget runs from here, and the pool learns which worker has it. */
export interface StartedMessage {
  trackmapStarted: string;
}

export function isStartedMessage(message: unknown): message is StartedMessage {
  return typeof (message as StartedMessage | null)?.trackmapStarted === "string";
}

/** What crosses back from a worker: the entity ids are the main thread's, which loaded the records. */
export function toWorkerResult(prepared: Omit<PreparedCalls, "entityIds">): WorkerResult {
  return {
    calls: prepared.calls,
    errors: prepared.errors.map((error) => error.details),
    rejected: prepared.rejected.map(({ call, error }) => ({ call, error: error.details })),
  };
}

export function fromWorkerResult(result: WorkerResult, entityIds: string[]): PreparedCalls {
  return {
    entityIds,
    calls: result.calls,
    errors: result.errors.map((details) => new MappingRunError(details)),
    rejected: result.rejected.map(({ call, error }) => ({ call, error: new MappingRunError(error) })),
  };
}
