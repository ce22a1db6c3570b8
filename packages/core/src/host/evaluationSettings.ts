import { resolveBudget, type EvaluationBudget } from "../isolate";
import type { OptionReader } from "./optionReader";

/**
 * A host's options for isolated evaluation, as a store writes them beside the others in
 * medusa-config: `{ eval_budget_ms: 2000, eval_heap_mb: 512 }`. Hosts add these names to
 * the options they accept.
 */
export interface EvaluationOptions {
  /** Map events in worker processes with the budget below. Default: true; false maps on the main thread. */
  isolate_evaluation?: boolean;
  /** Milliseconds one event may take in its worker. Default: 1000. */
  eval_budget_ms?: number;
  /** Workers mapping events side by side. Default: 2 (1 on one core). */
  eval_pool_size?: number;
  /** Heap of each worker, in MB. Default: 256. */
  eval_heap_mb?: number;
  /** Calls one event may give. Default: 1000. */
  eval_max_calls?: number;
  /** Bytes of one event's input (its data and records, as JSON). Default: 64 MiB. */
  eval_max_input_bytes?: number;
}

export const EVALUATION_OPTION_NAMES: ReadonlyArray<keyof EvaluationOptions> = [
  "isolate_evaluation",
  "eval_budget_ms",
  "eval_pool_size",
  "eval_heap_mb",
  "eval_max_calls",
  "eval_max_input_bytes",
];

/** The budget to give createIsolatedMapper, or undefined when the store maps on the main thread. */
export function readEvaluationSettings(options: OptionReader): EvaluationBudget | undefined {
  const isolate = options.raw("isolate_evaluation") === undefined ? true : options.flag("isolate_evaluation");
  const budget = resolveBudget({
    budgetMs: options.count("eval_budget_ms", 1),
    poolSize: options.count("eval_pool_size", 1),
    heapMb: options.count("eval_heap_mb", 32),
    maxCalls: options.count("eval_max_calls", 1),
    maxInputBytes: options.count("eval_max_input_bytes", 1),
  });
  return isolate ? budget : undefined;
}
