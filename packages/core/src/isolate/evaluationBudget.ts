import { availableParallelism } from "node:os";
import { TrackmapError } from "../diagnostics/trackmapError";

/**
 * What one event may cost when it is mapped in an isolated worker. Enforced from outside the
 * worker, so nothing a mapping or a customer's text does can get past it: a worker over its
 * time or memory is stopped and replaced, and the other events go on.
 */
export interface EvaluationBudget {
  /** Milliseconds one event may take in its worker, from the start of its evaluation. Default: 1000. */
  budgetMs: number;
  /** Heap of each worker, in MB (V8's old generation). Default: 256. */
  heapMb: number;
  /** Workers mapping events side by side. Default: 2 (1 on a single core). */
  poolSize: number;
  /** Calls one event may give. Default: 1000. */
  maxCalls: number;
  /** Size of one event's input (its data and the records loaded for it, as JSON) in bytes. Default: 64 MiB. */
  maxInputBytes: number;
}

export const DEFAULT_BUDGET: EvaluationBudget = {
  budgetMs: 1000,
  heapMb: 256,
  // One worker would make every event wait behind a runaway one; more than the cores only adds memory.
  poolSize: Math.max(1, Math.min(2, availableParallelism())),
  maxCalls: 1000,
  maxInputBytes: 64 * 1024 * 1024,
};

/** The smallest heap a worker starts with the mapping engine loaded. */
const MIN_HEAP_MB = 32;

/** The defaults with what the caller sets; throws TM_INVALID_OPTIONS for a value out of range. */
export function resolveBudget(given: Partial<EvaluationBudget> = {}): EvaluationBudget {
  const budget = { ...DEFAULT_BUDGET, ...withoutUndefined(given) };
  const check = (name: keyof EvaluationBudget, minimum: number) => {
    const value = budget[name];
    if (typeof value !== "number" || !Number.isInteger(value) || value < minimum) {
      throw new TrackmapError(
        "TM_INVALID_OPTIONS",
        `evaluation budget: "${name}" must be a whole number, at least ${minimum} (got ${String(value)})`,
      );
    }
  };
  check("budgetMs", 1);
  check("heapMb", MIN_HEAP_MB);
  check("poolSize", 1);
  check("maxCalls", 1);
  check("maxInputBytes", 1);
  return budget;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}
