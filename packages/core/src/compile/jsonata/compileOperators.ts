import type { Compile } from "./compileNode";
import { native } from "./natives";
import type { AstNode } from "./notCompiled";
import { enterLeaves, type Evaluator, type Frame, type RunState } from "./runState";
import { createSequence, isDeepEqual, isNumeric, markConstructed, type EvaluationError, type Sequence } from "./values";

/**
 * Operators and constructors: arithmetic, comparison, `and`/`or`, `&`, `..`, `in`, unary
 * minus, `[...]` and `{...}` (also as grouping after a path), with jsonata's checks and
 * error codes (T2001, T2002, T2009, T2010, T1003, D1009, …).
 */

const boolean = native("boolean").implementation as (value: unknown) => boolean | undefined;
const string = native("string").implementation as (value: unknown) => string;
const append = native("append").implementation;
const FOCUS = { createSequence, options: undefined };

function fail(error: Omit<EvaluationError, "stack">): never {
  throw { ...error, stack: new Error().stack };
}

// BINARY

export function compileBinary(node: AstNode, compile: Compile): Evaluator {
  const lhs = compile(node.lhs as AstNode);
  const rhs = compile(node.rhs!);
  const op = node.value as string;
  const position = node.position;
  if (op === "and" || op === "or") {
    const isAnd = op === "and";
    return (input, frame, run) => {
      const left = boolize(lhs(input, frame, run));
      try {
        if (isAnd) return left && boolize(rhs(input, frame, run));
        return left || boolize(rhs(input, frame, run));
      } catch (error) {
        throw locate(error, position, op);
      }
    };
  }
  const operate = OPERATIONS[op]!;
  return (input, frame, run) => {
    const left = lhs(input, frame, run);
    const right = rhs(input, frame, run);
    try {
      return operate(left, right);
    } catch (error) {
      throw locate(error, position, op);
    }
  };
}

function locate(error: unknown, position: number | undefined, token: string): unknown {
  if (error && typeof error === "object" && "code" in error) Object.assign(error, { position, token });
  return error;
}

function boolize(value: unknown): boolean {
  const booled = boolean(value);
  return booled === undefined ? false : booled;
}

const OPERATIONS: Record<string, (lhs: unknown, rhs: unknown) => unknown> = {
  "+": (l, r) => numeric(l, r, (a, b) => a + b),
  "-": (l, r) => numeric(l, r, (a, b) => a - b),
  "*": (l, r) => numeric(l, r, (a, b) => a * b),
  "/": (l, r) => numeric(l, r, (a, b) => a / b),
  "%": (l, r) => numeric(l, r, (a, b) => a % b),
  "=": (l, r) => (l === undefined || r === undefined ? false : isDeepEqual(l, r)),
  "!=": (l, r) => (l === undefined || r === undefined ? false : !isDeepEqual(l, r)),
  "<": (l, r) => compare(l, r, (a, b) => a < b),
  "<=": (l, r) => compare(l, r, (a, b) => a <= b),
  ">": (l, r) => compare(l, r, (a, b) => a > b),
  ">=": (l, r) => compare(l, r, (a, b) => a >= b),
  "&": (l, r) => (l === undefined ? "" : string(l)).concat(r === undefined ? "" : string(r)),
  "..": range,
  in: (l, r) => {
    if (l === undefined || r === undefined) return false;
    const list = Array.isArray(r) ? r : [r];
    for (let i = 0; i < list.length; i++) if (list[i] === l) return true;
    return false;
  },
};

function numeric(lhs: unknown, rhs: unknown, op: (a: number, b: number) => number): number | undefined {
  if (lhs !== undefined && !isNumeric(lhs)) fail({ code: "T2001", value: lhs });
  if (rhs !== undefined && !isNumeric(rhs)) fail({ code: "T2002", value: rhs });
  if (lhs === undefined || rhs === undefined) return undefined;
  return op(lhs as number, rhs as number);
}

function compare(lhs: unknown, rhs: unknown, op: (a: string | number, b: string | number) => boolean): boolean | undefined {
  const ltype = typeof lhs;
  const rtype = typeof rhs;
  const lcomparable = ltype === "undefined" || ltype === "string" || ltype === "number";
  const rcomparable = rtype === "undefined" || rtype === "string" || rtype === "number";
  if (!lcomparable || !rcomparable) fail({ code: "T2010", value: !(ltype === "string" || ltype === "number") ? lhs : rhs });
  if (ltype === "undefined" || rtype === "undefined") return undefined;
  if (ltype !== rtype) fail({ code: "T2009", value: lhs, value2: rhs });
  return op(lhs as string | number, rhs as string | number);
}

function range(lhs: unknown, rhs: unknown): unknown {
  if (lhs !== undefined && !Number.isInteger(lhs)) fail({ code: "T2003", value: lhs });
  if (rhs !== undefined && !Number.isInteger(rhs)) fail({ code: "T2004", value: rhs });
  if (lhs === undefined || rhs === undefined) return undefined;
  const from = lhs as number;
  const to = rhs as number;
  if (from > to) return undefined;
  const size = to - from + 1;
  if (size > 1e7) fail({ code: "D2014", value: size });
  const result: Sequence = new Array(size);
  for (let item = from, index = 0; item <= to; item++, index++) result[index] = item;
  result.sequence = true;
  return result;
}

// UNARY

export function compileUnary(node: AstNode, compile: Compile): Evaluator {
  switch (node.value) {
    case "-": {
      const operand = compile(node.expression!);
      const position = node.position;
      return (input, frame, run) => {
        const result = operand(input, frame, run);
        if (result === undefined) return undefined;
        if (isNumeric(result)) return -result;
        return fail({ code: "D1002", position, token: "-", value: result });
      };
    }
    case "[":
      return compileArray(node, compile);
    default:
      return compileGroup({ lhs: node.lhs as Array<[AstNode, AstNode]>, position: node.position }, compile);
  }
}

function compileArray(node: AstNode, compile: Compile): Evaluator {
  const items = node.expressions!.map((item) => ({ evaluate: compile(item), nested: item.value === "[" }));
  const consarray = node.consarray === true;
  return (input, frame, run) => {
    let result: unknown[] = [];
    for (const item of items) {
      const value = item.evaluate(input, frame, run);
      if (value === undefined) continue;
      if (item.nested) result.push(value);
      else result = append.call(FOCUS, result, value) as unknown[];
    }
    if (consarray) markConstructed(result);
    return result;
  };
}

// OBJECTS AND GROUPING

/** `{key: value, …}`: each input item goes to the group its key names; each group's value is computed once. */
export function compileGroup(
  group: { lhs: Array<[AstNode, AstNode]>; position?: number },
  compile: Compile,
): (input: unknown, frame: Frame, run: RunState) => unknown {
  const pairs = group.lhs.map(([key, value]) => ({ key: compile(key), value: compile(value) }));
  const position = group.position;
  const general = (input: unknown, frame: Frame, run: RunState): unknown => {
    const result = Object.create(null) as Record<string, unknown>;
    const groups = Object.create(null) as Record<string, { data: unknown; exprIndex: number }>;
    const items = (Array.isArray(input) ? input : createSequence(input)) as Sequence;
    if (items.length === 0) items.push(undefined);
    for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
      const item = items[itemIndex];
      for (let pairIndex = 0; pairIndex < pairs.length; pairIndex++) {
        const key = pairs[pairIndex]!.key(item, frame, run);
        if (typeof key !== "string" && key !== undefined) fail({ code: "T1003", position, value: key });
        if (key === undefined) continue;
        if (key === "_jsonata_lambda" || key === "_jsonata_function") fail({ code: "D1013", position, value: key });
        if (Object.hasOwn(groups, key)) {
          const existing = groups[key]!;
          if (existing.exprIndex !== pairIndex) fail({ code: "D1009", position, value: key });
          existing.data = append.call(FOCUS, existing.data, item);
        } else {
          groups[key] = { data: item, exprIndex: pairIndex };
        }
      }
    }
    for (const key of Object.keys(groups)) {
      const entry = groups[key]!;
      const value = pairs[entry.exprIndex]!.value(entry.data, frame, run);
      if (value !== undefined) result[key] = value;
    }
    return result;
  };
  return compileLiteralObject(group, pairs, general) ?? general;
}

/**
 * `{"total": …, "tax": …}`: keys that are distinct literal texts, over one value (not a
 * list). Each key makes its own group of that one value, so the value expressions run in
 * the order jsonata runs them (the groups' key order) without grouping anything.
 */
function compileLiteralObject(
  group: { lhs: Array<[AstNode, AstNode]> },
  pairs: Array<{ key: Evaluator; value: Evaluator }>,
  general: (input: unknown, frame: Frame, run: RunState) => unknown,
): ((input: unknown, frame: Frame, run: RunState) => unknown) | undefined {
  const keyNodes = group.lhs.map(([key]) => key);
  const literal = (key: AstNode) => key.type === "string" && !key.predicate && !key.group && !key.keepArray;
  if (!keyNodes.every(literal)) return undefined;
  const keys = keyNodes.map((key) => key.value as string);
  if (new Set(keys).size !== keys.length || keys.includes("_jsonata_lambda") || keys.includes("_jsonata_function")) return undefined;
  const order = Object.keys(Object.fromEntries(keys.map((key, index) => [key, index]))).map((key) => keys.indexOf(key));
  return (input, frame, run) => {
    if (Array.isArray(input)) return general(input, frame, run);
    enterLeaves(run, keys.length);
    const result = Object.create(null) as Record<string, unknown>;
    for (const index of order) {
      const value = pairs[index]!.value(input, frame, run);
      if (value !== undefined) result[keys[index]!] = value;
    }
    return result;
  };
}
