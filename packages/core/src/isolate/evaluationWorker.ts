import { join } from "node:path";
import type { MappingSet } from "../compile";
import { MappingRunError, type MappingRunErrorDetails, tooDeepError } from "../evaluate";
import { loadMappings, mapEvent } from "../pipeline";
import { fingerprintMappings } from "./fingerprintMappings";
import { plainRecords } from "./plainRecords";
import { createInputReceiver } from "./inputTransfer";
import { createProgressWriter } from "./progressFile";
import {
  type StartedMessage,
  type TaskInput,
  type WorkerConfig,
  WORKER_CONFIG_VARIABLE,
  type WorkerResult,
  type WorkerTask,
  toWorkerResult,
} from "./workerProtocol";

/**
 * The worker side of isolated evaluation: a child process of the pool that loads the same
 * mapping folders as the main thread and maps the events it is sent. It is stopped from
 * outside when an event runs past its budget or its heap, so nothing here needs to guard
 * against a runaway mapping.
 */

const config = JSON.parse(process.env[WORKER_CONFIG_VARIABLE] ?? "null") as WorkerConfig;
const workerId = process.env.TINYPOOL_WORKER_ID ?? String(process.pid);
const progress = createProgressWriter(join(config.progressDir, workerId));
// Loaded as the worker starts, before it takes its first event.
const mappings = loadWorkerMappings();
const receiveInput = createInputReceiver(process);

export default async function mapInWorker(task: WorkerTask): Promise<WorkerResult> {
  const loaded = await mappings;
  if (task.mappingFile === null)
    return "problem" in loaded ? failed({ code: "TM_MAPPINGS_CHANGED", event: task.eventName, reason: loaded.problem }) : EMPTY;
  // Read and made plain before the budget starts: the budget is the mapping's time, and the input's size is
  // capped (maxInputBytes). Parsed JSON is plain but for its depth, which convertInput bounds.
  const input = JSON.parse(await receiveInput(task.inputId, task.inputParts)) as TaskInput;
  const { records, truncated: tooDeep } = plainRecords(input.records);
  const started: StartedMessage = { trackmapStarted: workerId };
  process.send?.(started);
  progress.clear();
  if ("problem" in loaded) return failed({ code: "TM_MAPPINGS_CHANGED", event: task.eventName, reason: loaded.problem });
  const mapping = loaded.forFile(task.mappingFile);
  if (!mapping) {
    return failed({
      code: "TM_MAPPINGS_CHANGED",
      event: task.eventName,
      file: task.mappingFile,
      reason: "the evaluation worker has no such mapping",
    });
  }
  const event = { name: task.eventName, data: input.data, metadata: input.metadata };
  const prepared = await mapEvent(mapping, event, {
    records,
    recordsArePlain: true,
    variables: input.variables,
    redact: task.redact,
    onExpression: progress.note,
  });
  prepared.errors.unshift(...tooDeep.map((name) => tooDeepError(task.eventName, mapping.file.path, `load.${name}`)));
  const count = prepared.calls.length + prepared.rejected.length;
  if (count > config.maxCalls) {
    return failed({
      code: "TM_TOO_MANY_CALLS",
      event: task.eventName,
      file: mapping.file.path,
      reason: `the mapping gave ${count} calls for one event, more than the ${config.maxCalls} allowed (maxCalls); none is sent`,
    });
  }
  return toWorkerResult(prepared);
}

async function loadWorkerMappings(): Promise<MappingSet | { problem: string }> {
  const { mappings, files } = await loadMappings(config.roots, { limits: config.limits });
  if (fingerprintMappings(mappings, files) !== config.fingerprint) {
    return {
      problem:
        "the mapping files changed on disk since this process loaded them, so a new evaluation worker would map events differently; restart to use the new files",
    };
  }
  return mappings;
}

const EMPTY: WorkerResult = { calls: [], rejected: [], errors: [] };

function failed(details: MappingRunErrorDetails): WorkerResult {
  return { calls: [], rejected: [], errors: [new MappingRunError(details).details] };
}
