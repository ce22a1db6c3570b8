/**
 * How jsonata 2.2 represents values while it evaluates, reproduced for compiled code:
 * sequences are arrays flagged `sequence`, a one-item sequence collapses to its item unless
 * it must keep its brackets (`[]`), and an explicitly constructed array is flagged `cons`.
 * Each helper here does what the jsonata helper of the same name does, so compiled results
 * are the interpreter's, flags included.
 */

// TYPES

/** An array as jsonata's evaluator carries it, with the flags it may have. */
export interface Sequence extends Array<unknown> {
  sequence?: boolean;
  keepSingleton?: boolean;
  outerWrapper?: boolean;
  tupleStream?: boolean;
  cons?: boolean;
}

/** A jsonata error before its message is filled in: thrown as a plain object, as jsonata does. */
export interface EvaluationError {
  code: string;
  position?: number;
  token?: string;
  value?: unknown;
  value2?: unknown;
  stack?: string;
}

// SEQUENCES

export function createSequence(...items: unknown[]): Sequence {
  const sequence: Sequence = [];
  sequence.sequence = true;
  if (items.length === 1) sequence.push(items[0]);
  return sequence;
}

export function isSequence(value: unknown): value is Sequence {
  return Array.isArray(value) && (value as Sequence).sequence === true;
}

/** What jsonata does with every node's result: an empty sequence is nothing, a singleton its item. */
export function collapse(result: unknown, keepArray: boolean): unknown {
  if (result && isSequence(result) && !result.tupleStream) {
    if (keepArray) result.keepSingleton = true;
    if (result.length === 0) return undefined;
    if (result.length === 1) return result.keepSingleton ? result : result[0];
  }
  return result;
}

/** jsonata's `cons` flag: an array built by `[...]`, not to be flattened into a path's results. */
export function markConstructed(array: unknown[]): void {
  Object.defineProperty(array, "cons", { enumerable: false, configurable: false, value: true });
}

// TYPES OF VALUES

/** A number jsonata accepts; infinities are an error (D1001), as in jsonata. */
export function isNumeric(value: unknown): value is number {
  if (typeof value !== "number" || Number.isNaN(value)) return false;
  if (!Number.isFinite(value)) throw { code: "D1001", value, stack: new Error().stack } satisfies EvaluationError;
  return true;
}

export function isArrayOfNumbers(value: unknown): value is number[] {
  return Array.isArray(value) && value.filter((item) => !isNumeric(item)).length === 0;
}

export function isArrayOfStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

/** A jsonata lambda, a built-in, or a JavaScript function given as a binding. */
export function isFunction(value: unknown): boolean {
  if (typeof value === "function") return true;
  if (value === null || typeof value !== "object") return false;
  const flags = value as { _jsonata_function?: unknown; _jsonata_lambda?: unknown } | null | undefined;
  return !!flags && (flags._jsonata_function === true || flags._jsonata_lambda === true);
}

export function isLambda(value: unknown): boolean {
  return !!value && (value as { _jsonata_lambda?: unknown })._jsonata_lambda === true;
}

export function isPromise(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && "then" in value && typeof value.then === "function";
}

export function isIterator(value: unknown): value is Iterator<unknown> {
  return typeof value === "object" && value !== null && Symbol.iterator in value && "next" in value && typeof value.next === "function";
}

/** How many arguments a function takes, as jsonata counts them (for $map's optional index, …). */
export function functionArity(fn: unknown): number {
  const f = fn as { arity?: unknown; implementation?: unknown; length?: unknown; arguments?: unknown[] };
  if (typeof f.arity === "number") return f.arity;
  if (typeof f.implementation === "function") return f.implementation.length;
  if (typeof f.length === "number") return f.length;
  return f.arguments!.length;
}

/** `=` in jsonata: deep equality, object keys in any order. */
export function isDeepEqual(lhs: unknown, rhs: unknown): boolean {
  if (lhs === rhs) return true;
  if (typeof lhs !== "object" || typeof rhs !== "object" || lhs === null || rhs === null) return false;
  if (Array.isArray(lhs) && Array.isArray(rhs)) {
    if (lhs.length !== rhs.length) return false;
    for (let i = 0; i < lhs.length; i++) if (!isDeepEqual(lhs[i], rhs[i])) return false;
    return true;
  }
  const lkeys = Object.getOwnPropertyNames(lhs).sort();
  const rkeys = Object.getOwnPropertyNames(rhs).sort();
  if (lkeys.length !== rkeys.length) return false;
  for (let i = 0; i < lkeys.length; i++) if (lkeys[i] !== rkeys[i]) return false;
  const l = lhs as Record<string, unknown>;
  const r = rhs as Record<string, unknown>;
  for (const key of lkeys) if (!isDeepEqual(l[key], r[key])) return false;
  return true;
}

/** jsonata's own key listing: the own enumerable keys of an object, none for anything else. */
export function keysOf(value: unknown): string[] {
  return typeof value === "object" && value !== null ? Object.keys(value) : [];
}
