import { native } from "./natives";
import { NeedsInterpreter } from "./notCompiled";
import { type createSequence, functionArity, isArrayOfNumbers, isArrayOfStrings, keysOf, type EvaluationError } from "./values";

/**
 * jsonata writes its higher-order built-ins (and those that take a regex) as async
 * functions, only because a function they call may be async. Compiled code calls functions
 * synchronously, so it runs these synchronous versions instead: the same steps in the same
 * order, without the awaits. A regex is a function here: `$split` and `$contains` given one
 * are left to jsonata's evaluator.
 */

type Callable = (...args: unknown[]) => unknown;
interface Focus {
  createSequence: typeof createSequence;
}

const boolean = native("boolean").implementation as (value: unknown) => boolean | undefined;

/** The arguments a function given to $map, $filter, … gets: the value, then the index and the whole if it takes them. */
function hofArguments(func: Callable, value: unknown, index: unknown, whole: unknown): unknown[] {
  const args = [value];
  const arity = functionArity(func);
  if (arity >= 2) args.push(index);
  if (arity >= 3) args.push(whole);
  return args;
}

function map(this: Focus, arr: unknown[] | undefined, func: Callable): unknown {
  if (arr === undefined) return undefined;
  const result = this.createSequence();
  for (let i = 0; i < arr.length; i++) {
    const res = func.apply(this, hofArguments(func, arr[i], i, arr));
    if (res !== undefined) result.push(res);
  }
  return result;
}

function filter(this: Focus, arr: unknown[] | undefined, func: Callable): unknown {
  if (arr === undefined) return undefined;
  const result = this.createSequence();
  for (let i = 0; i < arr.length; i++) {
    const entry = arr[i];
    if (boolean(func.apply(this, hofArguments(func, entry, i, arr)))) result.push(entry);
  }
  return result;
}

function single(this: Focus, arr: unknown[] | undefined, func?: Callable): unknown {
  if (arr === undefined) return undefined;
  let found = false;
  let result: unknown;
  for (let i = 0; i < arr.length; i++) {
    const entry = arr[i];
    const matches = func === undefined ? true : boolean(func.apply(this, hofArguments(func, entry, i, arr)));
    if (!matches) continue;
    if (found) throw { stack: new Error().stack, code: "D3138", index: i } as EvaluationError;
    result = entry;
    found = true;
  }
  if (!found) throw { stack: new Error().stack, code: "D3139" } satisfies EvaluationError;
  return result;
}

function foldLeft(this: Focus, sequence: unknown[] | undefined, func: Callable, init?: unknown): unknown {
  if (sequence === undefined) return undefined;
  const arity = functionArity(func);
  if (arity < 2) throw { stack: new Error().stack, code: "D3050", index: 1 } as EvaluationError;
  let result: unknown;
  let index: number;
  if (init === undefined && sequence.length > 0) {
    result = sequence[0];
    index = 1;
  } else {
    result = init;
    index = 0;
  }
  while (index < sequence.length) {
    const args = [result, sequence[index]];
    if (arity >= 3) args.push(index);
    if (arity >= 4) args.push(sequence);
    result = func.apply(this, args);
    index++;
  }
  return result;
}

function sift(this: Focus, arg: Record<string, unknown>, func: Callable): unknown {
  let result: Record<string, unknown> | undefined = Object.create(null) as Record<string, unknown>;
  for (const key of keysOf(arg)) {
    const entry = arg[key];
    if (boolean(func.apply(this, hofArguments(func, entry, key, arg)))) result[key] = entry;
  }
  if (keysOf(result).length === 0) result = undefined;
  return result;
}

function each(this: Focus, obj: Record<string, unknown>, func: Callable): unknown {
  const result = this.createSequence();
  for (const key of keysOf(obj)) {
    const value = func.apply(this, hofArguments(func, obj[key], key, obj));
    if (value !== undefined) result.push(value);
  }
  return result;
}

/** jsonata's stable merge sort, comparing in the same order; `swap(a, b)` true puts b first. */
export function sort(this: unknown, arr: unknown[] | undefined, comparator?: Callable): unknown {
  if (arr === undefined) return undefined;
  if (arr.length <= 1) return arr;
  let swap: Callable;
  if (comparator === undefined) {
    if (!isArrayOfNumbers(arr) && !isArrayOfStrings(arr)) {
      throw { stack: new Error().stack, code: "D3070", index: 1 } as EvaluationError;
    }
    swap = (a, b) => (a as number) > (b as number);
  } else {
    swap = comparator;
  }
  const merge = (left: unknown[], right: unknown[]): unknown[] => {
    const merged: unknown[] = [];
    let l = 0;
    let r = 0;
    while (l < left.length && r < right.length) {
      if (swap(left[l], right[r])) merged.push(right[r++]);
      else merged.push(left[l++]);
    }
    while (l < left.length) merged.push(left[l++]);
    while (r < right.length) merged.push(right[r++]);
    return merged;
  };
  const msort = (array: unknown[]): unknown[] => {
    if (array.length <= 1) return array;
    const middle = Math.floor(array.length / 2);
    return merge(msort(array.slice(0, middle)), msort(array.slice(middle)));
  };
  return msort(arr);
}

// TEXT

/** `$split` with a text separator; a function separator (a matcher) is left to jsonata. */
function split(this: Focus, str: string | undefined, separator: unknown, limit?: number): unknown {
  if (str === undefined) return undefined;
  if ((limit as number) < 0) throw { code: "D3020", stack: new Error().stack, value: limit, index: 3 } as EvaluationError;
  if (limit !== undefined && !(limit > 0)) return [];
  if (typeof separator !== "string") throw new NeedsInterpreter("$split with a matcher");
  return str.split(separator, limit);
}

/** `$contains` with a text token; a function token (a matcher) is left to jsonata. */
function contains(this: Focus, str: string | undefined, token: unknown): unknown {
  if (str === undefined || token === undefined) return undefined;
  if (typeof token !== "string") throw new NeedsInterpreter("$contains with a matcher");
  return str.indexOf(token) !== -1;
}

/** jsonata's async implementations, each with the synchronous version compiled code runs. */
export const SYNC_BUILTINS: ReadonlyMap<unknown, Callable> = new Map<unknown, Callable>([
  [native("map").implementation, map as Callable],
  [native("filter").implementation, filter as Callable],
  [native("single").implementation, single as Callable],
  [native("reduce").implementation, foldLeft as Callable],
  [native("sift").implementation, sift as Callable],
  [native("each").implementation, each as Callable],
  [native("sort").implementation, sort as Callable],
  [native("split").implementation, split as Callable],
  [native("contains").implementation, contains as Callable],
]);
