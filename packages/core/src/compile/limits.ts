/** How long and how deep one expression may run; set when a program is compiled. */
export interface EvaluationLimits {
  /** Milliseconds one evaluation may run (JSONata error D1012 past it). Default: 1000. */
  timeoutMs: number;
  /** Maximum evaluation depth, e.g. recursion (JSONata error D1011 past it). Default: 500. */
  maxDepth: number;
  /**
   * The engine of regex literals: `native` (V8's, backtracking: a bad pattern can run for seconds
   * on some text) or `linear` (RE2, linear time; see linearRegExp.ts for how it differs). Default: native.
   */
  regexEngine?: "native" | "linear";
}

export const DEFAULT_LIMITS: EvaluationLimits = { timeoutMs: 1000, maxDepth: 500 };

/** The defaults, with what the caller sets. */
export function resolveLimits(limits: Partial<EvaluationLimits> = {}): EvaluationLimits {
  return { ...DEFAULT_LIMITS, ...limits };
}
