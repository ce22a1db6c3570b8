import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { TrackmapError } from "../diagnostics/trackmapError";
import type { RunningExpression } from "../evaluate";
import type { EvaluationBudget } from "./evaluationBudget";
import { type InputPart, partCount, sendInParts } from "./inputTransfer";
import { readProgress } from "./progressFile";
import { isStartedMessage, type WorkerConfig, WORKER_CONFIG_VARIABLE, type WorkerResult, type WorkerTask } from "./workerProtocol";

/**
 * Child processes that map events, each with a heap limit, and a time budget per event that is
 * enforced by killing the process. A process, not a worker thread: V8 ends the whole process on
 * some allocations that no heap limit catches (a list longer than V8 allows, a string split into
 * more characters than an array may hold: "Fatal JavaScript invalid size error"), and a thread
 * over its heap limit while inside one large allocation takes the process down with it. Only a
 * separate process keeps the store alive through those.
 */
export interface EvaluationPool {
  /** Maps one event (its input as JSON) in a worker; a worker stopped for its budget or lost to a crash gives `stopped`. */
  run(task: EventTask, input: string): Promise<PoolOutcome>;
  close(): Promise<void>;
}

export type PoolOutcome =
  | { result: WorkerResult }
  | {
      /** `budget`: the event ran past the budget and its worker was killed; `crash`: the worker died (out of memory, or over a V8 size limit). */
      stopped: "budget" | "crash";
      /** The expression the worker was running, when it had noted one. */
      expression?: RunningExpression;
      /** How long the event had run in its worker. */
      elapsedMs: number;
    };

type PoolConfig = Omit<WorkerConfig, "progressDir">;

/** What is used of tinypool's pool (an ES module, which this CommonJS module cannot import types from). */
interface WorkerPool {
  run(task: WorkerTask, options?: { signal?: AbortSignal; channel?: object }): Promise<unknown>;
  on(event: "error", listener: (error: Error) => void): unknown;
  destroy(): Promise<void>;
}

type EventTask = Omit<WorkerTask, "inputId" | "inputParts">;

export async function startEvaluationPool(config: PoolConfig, budget: EvaluationBudget): Promise<EvaluationPool> {
  // tinypool is published as an ES module only; a dynamic import keeps the core loadable with require() on every Node 20.
  const { Tinypool } = await import("tinypool");
  const progressDir = mkdtempSync(join(tmpdir(), "trackmap-progress-"));
  const workerConfig: WorkerConfig = { ...config, progressDir };
  const pool: WorkerPool = new Tinypool({
    runtime: "child_process",
    serialization: "advanced",
    filename: WORKER_FILE,
    minThreads: budget.poolSize,
    maxThreads: budget.poolSize,
    execArgv: [`--max-old-space-size=${budget.heapMb}`, ...SOURCE_LOADER],
    env: { ...stringEnv(process.env), [WORKER_CONFIG_VARIABLE]: JSON.stringify(workerConfig) },
  });
  // A worker that dies before it is ready is reported here, not through a task: without a listener the host would crash.
  let bootFailure: Error | undefined;
  pool.on("error", (error: Error) => {
    bootFailure = error;
  });
  await whenWorkersReady(pool, budget.poolSize, () => bootFailure).catch(async (error: unknown) => {
    await pool.destroy().catch(() => undefined);
    rmSync(progressDir, { recursive: true, force: true });
    throw error;
  });
  let lastInputId = 0;
  // Closing stops the workers; events still in them must fail now, not wait for an answer that never comes.
  const running = new Set<AbortController>();
  let closed = false;
  return {
    async run(task, input) {
      if (closed) throw new Error("the evaluation workers were stopped (the mapper is closed)");
      const controller = new AbortController();
      running.add(controller);
      try {
        return await runWithBudget(pool, task, { id: ++lastInputId, text: input }, controller, budget.budgetMs, progressDir);
      } finally {
        running.delete(controller);
      }
    },
    async close() {
      closed = true;
      for (const controller of running) controller.abort();
      await pool.destroy();
      rmSync(progressDir, { recursive: true, force: true });
    },
  };
}

/** How long workers may take to start and load the mappings, or to start an event they were handed. */
const START_TIMEOUT_MS = 60_000;

/**
 * Waits until the workers have loaded their mappings, one check per worker, so the first events
 * do not wait for them and a worker that cannot start fails the start-up instead of every event.
 */
async function whenWorkersReady(pool: WorkerPool, count: number, bootFailure: () => Error | undefined): Promise<void> {
  const check: WorkerTask = { mappingFile: null, eventName: "(start-up)", inputId: 0, inputParts: 0 };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const reason = bootFailure()?.message ?? "no answer";
      reject(new TrackmapError("TM_INTERNAL", `the evaluation workers did not start within ${START_TIMEOUT_MS / 1000} s: ${reason}`));
    }, START_TIMEOUT_MS);
  });
  try {
    await Promise.race([Promise.all(Array.from({ length: count }, () => pool.run(check))), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function runWithBudget(
  pool: WorkerPool,
  task: EventTask,
  input: { id: number; text: string },
  controller: AbortController,
  budgetMs: number,
  progressDir: string,
): Promise<PoolOutcome> {
  let timer: NodeJS.Timeout | undefined;
  let workerId: string | undefined;
  let startedAt = performance.now();
  let overBudget: { expression?: RunningExpression } | undefined;
  // The budget runs from the moment a worker starts the event: waiting in the queue behind others is not the event's fault.
  const channel = {
    // Told how to reach the worker that takes the task, just before it is handed the task.
    onMessage(send: (message: InputPart) => void) {
      startedAt = performance.now();
      // A safety net, never reached in practice: a worker that does not start an event it was handed is stopped too.
      timer = setTimeout(() => {
        overBudget = {};
        controller.abort();
      }, START_TIMEOUT_MS);
      sendInParts(send, input.id, input.text).catch(() => undefined);
    },
    postMessage(message: unknown) {
      if (!isStartedMessage(message)) return;
      workerId = message.trackmapStarted;
      startedAt = performance.now();
      clearTimeout(timer);
      timer = setTimeout(() => {
        // Read before the kill: the worker that replaces it may reuse its id and its file.
        overBudget = { expression: readProgress(join(progressDir, workerId!)) };
        controller.abort();
      }, budgetMs);
    },
  };
  try {
    const whole: WorkerTask = { ...task, inputId: input.id, inputParts: partCount(input.text) };
    return { result: (await pool.run(whole, { signal: controller.signal, channel })) as WorkerResult };
  } catch (error) {
    const elapsedMs = Math.round(performance.now() - startedAt);
    if (overBudget) return { stopped: "budget", ...overBudget, elapsedMs };
    if (controller.signal.aborted) throw new Error("the evaluation workers were stopped (the mapper is closed)");
    if (workerId !== undefined && isWorkerExit(error)) {
      return { stopped: "crash", expression: readProgress(join(progressDir, workerId)), elapsedMs };
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** How tinypool reports a child process that died while it had a task. */
function isWorkerExit(error: unknown): boolean {
  return (error as Error)?.message === "Worker exited unexpectedly";
}

/** The worker module beside this one; from the sources (tests), Node loads it through tsx. */
const WORKER_FILE = join(__dirname, `evaluationWorker${extname(__filename)}`);
const SOURCE_LOADER = extname(__filename) === ".ts" ? ["--import", "tsx"] : [];

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
