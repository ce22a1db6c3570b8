import type { EvaluationError } from "./values";

/**
 * What one evaluation of compiled code carries: its variables (frames) and jsonata's
 * guardrails, the `stack` and `timeout` options. jsonata counts the depth of nested node
 * evaluations and checks both limits as each node is entered; compiled code enters the same
 * nodes in the same order, so it fails with D1011 exactly where jsonata does. The clock is
 * read every 64 nodes rather than at each: a timeout is a timeout a few microseconds later.
 */

// TYPES

/**
 * Variables in scope: each block and function call adds a frame over the enclosing one. A
 * variable bound to nothing still hides the outer one, as in jsonata.
 */
export class Frame {
  // Most frames hold a few names (a function's parameters, a block's variables): a short list
  // beats a Map to make and to search. Past LIST_SIZE names (the 60 built-ins) a Map takes over.
  private readonly names: string[] = [];
  private readonly values: unknown[] = [];
  private map?: Map<string, unknown>;

  constructor(private readonly parent?: Frame) {}

  bind(name: string, value: unknown): void {
    if (this.map) {
      this.map.set(name, value);
      return;
    }
    const index = this.names.indexOf(name);
    if (index >= 0) {
      this.values[index] = value;
    } else if (this.names.length < LIST_SIZE) {
      this.names.push(name);
      this.values.push(value);
    } else {
      this.map = new Map(this.names.map((known, i) => [known, this.values[i]]));
      this.map.set(name, value);
    }
  }

  lookup(name: string): unknown {
    let frame: Frame | undefined = this;
    do {
      if (frame.map) {
        if (frame.map.has(name)) return frame.map.get(name);
      } else {
        const index = frame.names.indexOf(name);
        if (index >= 0) return frame.values[index];
      }
      frame = frame.parent;
    } while (frame);
    return undefined;
  }
}

const LIST_SIZE = 40;

/** A compiled node: what jsonata's `evaluate(node, input, environment)` returns for it. */
export type Evaluator = (input: unknown, frame: Frame, run: RunState) => unknown;

export interface RunState {
  depth: number;
  /** jsonata's `stack` option; Infinity when unset. */
  readonly maxDepth: number;
  /** jsonata's `timeout` option in milliseconds; 0 when unset. */
  readonly timeoutMs: number;
  readonly startedAt: number;
  ticks: number;
}

export interface Guardrails {
  timeout?: number;
  stack?: number;
}

// STATE

export function startRun(guardrails: Guardrails): RunState {
  return {
    depth: 0,
    maxDepth: guardrails.stack && guardrails.stack > 0 ? guardrails.stack : Infinity,
    timeoutMs: guardrails.timeout && guardrails.timeout > 0 ? guardrails.timeout : 0,
    startedAt: Date.now(),
    ticks: 0,
  };
}

/** Entering a node: one level deeper, and within the limits. */
export function enterNode(run: RunState): void {
  if (++run.depth > run.maxDepth) throw limitError("D1011", run.maxDepth);
  if (run.timeoutMs > 0 && (++run.ticks & 63) === 0 && Date.now() - run.startedAt > run.timeoutMs) {
    throw limitError("D1012", run.timeoutMs);
  }
}

/** Entering `count` sibling leaf nodes one after the other (each back out before the next): one check for all. */
export function enterLeaves(run: RunState, count: number): void {
  if (count === 0) return;
  if (run.depth + 1 > run.maxDepth) throw limitError("D1011", run.maxDepth);
  const before = run.ticks;
  run.ticks += count;
  if (run.timeoutMs > 0 && before >> 6 !== run.ticks >> 6 && Date.now() - run.startedAt > run.timeoutMs) {
    throw limitError("D1012", run.timeoutMs);
  }
}

/** The messages jsonata gives these two errors (compiled code raises them itself: re-running a runaway would only run away again). */
const LIMIT_MESSAGES = {
  D1011: "Stack overflow. Check for non-terminating recursive function.  Consider rewriting as tail-recursive",
  D1012: "Evaluation timeout after {{value}} milliseconds. Check for infinite loop",
} as const;

function limitError(code: keyof typeof LIMIT_MESSAGES, value: number): EvaluationError & { message: string } {
  return { code, value, stack: new Error().stack, message: LIMIT_MESSAGES[code].replace("{{value}}", String(value)) };
}

export function isLimitError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "D1011" || code === "D1012";
}
