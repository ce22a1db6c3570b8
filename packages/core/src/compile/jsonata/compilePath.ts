import type { Compile } from "./compileNode";
import { compileGroup } from "./compileOperators";
import { sort } from "./syncBuiltins";
import { native } from "./natives";
import { NotCompiled, type AstNode } from "./notCompiled";
import { enterNode, type Evaluator, type Frame, type RunState } from "./runState";
import { collapse, createSequence, isArrayOfNumbers, isFunction, isNumeric, isSequence, type EvaluationError, type Sequence } from "./values";

const lookupNative = native("lookup").implementation;
const LOOKUP_FOCUS = { createSequence };

/**
 * Paths (`order.items[quantity > 1].title`), their filters and their sorting, as jsonata's
 * evaluatePath, evaluateStep, evaluateFilter and evaluateSortExpression do them. Paths that
 * bind the context or position (`@`, `#`) or climb to a parent (`%`) are not compiled.
 */

interface CompiledStep {
  evaluate: Evaluator;
  /** A plain field step (`items`): looked up directly for each item. */
  field?: string;
  /** Filters written on the step, applied to each item's result. */
  stages?: Array<(input: unknown, frame: Frame, run: RunState) => unknown>;
  sort?: (input: Sequence, frame: Frame, run: RunState) => unknown;
  consarray: boolean;
}

export function compilePath(node: AstNode, compile: Compile): Evaluator {
  const steps = node.steps!.map((step) => compileStep(step, compile));
  const last = steps.length - 1;
  const startsWithVariable = node.steps![0]!.type === "variable";
  const keepSingletonArray = node.keepSingletonArray === true;
  const group = node.group ? compileGroup(node.group, compile) : undefined;

  const general: Evaluator = (input, frame, run) => {
    let inputSequence = (Array.isArray(input) && !startsWithVariable ? input : createSequence(input)) as Sequence;
    let resultSequence: unknown;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      resultSequence =
        i === 0 && step.consarray ? step.evaluate(inputSequence, frame, run) : evaluateStep(step, inputSequence, frame, run, i === last);
      if (resultSequence === undefined || (resultSequence as { length?: number }).length === 0) break;
      inputSequence = resultSequence as Sequence;
    }
    if (keepSingletonArray) {
      let kept = resultSequence as Sequence;
      if (Array.isArray(kept) && kept.cons && !kept.sequence) kept = createSequence(kept);
      kept.keepSingleton = true;
      resultSequence = kept;
    }
    if (group) resultSequence = group(resultSequence, frame, run);
    return resultSequence;
  };
  return compileFieldChain(node, general) ?? general;
}

// FIELD CHAINS

/**
 * The most common path, `$order.customer.email` or `order.total`: a variable or a field, then
 * fields, without filters. While each value is a single object this walks the fields
 * directly, entering the same nodes as jsonata (for its depth limit); once a value is a list
 * it leaves the path to the general algorithm, from the start (looking fields up has no
 * effects, so doing it twice changes nothing). Its result equals the general one once
 * collapsed, which the path node always does.
 */
function compileFieldChain(node: AstNode, general: Evaluator): Evaluator | undefined {
  if (node.keepArray || node.keepSingletonArray || node.group) return undefined;
  const steps = node.steps!;
  const plain = (step: AstNode) => !step.stages && !step.predicate && !step.group && !step.keepArray && !step.tuple && !step.consarray;
  if (!steps.every(plain)) return undefined;
  const variable = steps[0]!.type === "variable" ? (steps[0]!.value as string) : undefined;
  const names = steps.slice(variable === undefined ? 0 : 1);
  if (!names.every((step) => step.type === "name")) return undefined;
  const keys = names.map((step) => step.value as string);
  const last = keys.length - 1;

  return (input, frame, run) => {
    let value: unknown = input;
    if (variable !== undefined) {
      enterNode(run);
      value = variable === "" ? (input && (input as Sequence).outerWrapper ? (input as unknown[])[0] : input) : frame.lookup(variable);
      run.depth--;
      if (value === undefined) return undefined;
    }
    if (Array.isArray(value)) return general(input, frame, run);
    for (let i = 0; i < keys.length; i++) {
      enterNode(run);
      run.depth--;
      const field = lookupField(value, keys[i]!);
      if (field === undefined) return undefined;
      if (Array.isArray(field) && (i < last || isSequence(field))) return general(input, frame, run);
      value = field;
    }
    return value;
  };
}

/** A field of a value (of each item of a list), as jsonata's `$lookup` finds it. */
export function lookupValue(value: unknown, key: string): unknown {
  return Array.isArray(value) ? lookupNative.call(LOOKUP_FOCUS, value, key) : lookupField(value, key);
}

/** A field of one value that is not a list, as jsonata's `$lookup` finds it. */
function lookupField(value: unknown, key: string): unknown {
  if (value !== null && typeof value === "object" && Object.hasOwn(value, key) && !isFunction(value)) {
    return (value as Record<string, unknown>)[key];
  }
  return undefined;
}

function compileStep(step: AstNode, compile: Compile): CompiledStep {
  if (step.tuple || step.focus !== undefined || step.index !== undefined || step.ancestor !== undefined) {
    throw new NotCompiled("paths that bind the context, the position or a parent (@, #, %)");
  }
  const stages = step.stages?.map((stage) => {
    if (stage.type !== "filter") throw new NotCompiled(`${stage.type} stages`);
    return compileFilter(stage.expr, compile);
  });
  if (step.type === "sort") return { evaluate: () => undefined, sort: compileSort(step, compile), stages, consarray: false };
  const field = step.type === "name" && !step.predicate && !step.group && !step.keepArray ? (step.value as string) : undefined;
  return { evaluate: compile(step), field, stages, consarray: step.consarray === true };
}

function evaluateStep(step: CompiledStep, input: Sequence, frame: Frame, run: RunState, lastStep: boolean): unknown {
  if (step.sort) {
    let sorted = step.sort(input, frame, run);
    if (step.stages) for (const stage of step.stages) sorted = stage(sorted, frame, run);
    return sorted;
  }
  const result = createSequence();
  let flat = true;
  const field = step.field;
  for (let i = 0; i < input.length; i++) {
    let res: unknown;
    if (field !== undefined) {
      // What the step's node gives, without calling it: the field, collapsed.
      enterNode(run);
      const item = input[i];
      res = collapse(lookupValue(item, field), false);
      run.depth--;
    } else {
      res = step.evaluate(input[i], frame, run);
    }
    if (step.stages) for (const stage of step.stages) res = stage(res, frame, run);
    if (res === undefined) continue;
    result.push(res);
    if (Array.isArray(res) && !(res as Sequence).cons) flat = false;
  }
  if (lastStep && result.length === 1 && Array.isArray(result[0]) && !isSequence(result[0])) return result[0];
  // Flattening a sequence without lists in it would copy it as it is.
  if (flat) return result;
  const resultSequence = createSequence();
  result.forEach((res) => {
    if (!Array.isArray(res) || (res as Sequence).cons) resultSequence.push(res);
    else for (const value of res) resultSequence.push(value);
  });
  return resultSequence;
}

// FILTERS

const boolean = native("boolean").implementation as (value: unknown) => boolean | undefined;

export function compileFilter(expr: AstNode, compile: Compile): (input: unknown, frame: Frame, run: RunState) => unknown {
  const predicate = expr.type === "number" ? undefined : compile(expr);
  const index = expr.type === "number" ? (expr.value as number) : 0;
  return (input, frame, run) => evaluateFilter(predicate, index, input, frame, run);
}

/** `[...]` after a value: an index (a number literal, or predicate results that are numbers), else a condition per item. */
function evaluateFilter(predicate: Evaluator | undefined, literalIndex: number, input: unknown, frame: Frame, run: RunState): unknown {
  let results: Sequence = createSequence();
  if (input && (input as Sequence).tupleStream) results.tupleStream = true;
  const items = (Array.isArray(input) ? input : createSequence(input)) as Sequence;
  if (!predicate) {
    let index = Math.floor(literalIndex);
    if (index < 0) index = items.length + index;
    const item = items[index];
    if (item !== undefined) {
      if (Array.isArray(item)) results = item;
      else results.push(item);
    }
    return results;
  }
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    let res = predicate(item, frame, run);
    if (isNumeric(res)) res = [res];
    if (isArrayOfNumbers(res)) {
      res.forEach((wanted) => {
        let i = Math.floor(wanted);
        if (i < 0) i = items.length + i;
        if (i === index) results.push(item);
      });
    } else if (boolean(res)) {
      results.push(item);
    }
  }
  return results;
}

// SORTING

function compileSort(node: AstNode, compile: Compile): (input: Sequence, frame: Frame, run: RunState) => unknown {
  const terms = node.terms!.map((term) => ({ descending: term.descending, expression: compile(term.expression) }));
  const position = node.position;
  return (input, frame, run) => {
    const swap = (a: unknown, b: unknown): boolean => {
      let comp = 0;
      for (let index = 0; comp === 0 && index < terms.length; index++) {
        const term = terms[index]!;
        const aa = term.expression(a, frame, run);
        const bb = term.expression(b, frame, run);
        const atype = typeof aa;
        const btype = typeof bb;
        if (atype === "undefined") {
          comp = btype === "undefined" ? 0 : 1;
          continue;
        }
        if (btype === "undefined") {
          comp = -1;
          continue;
        }
        if (!(atype === "string" || atype === "number") || !(btype === "string" || btype === "number")) {
          throw {
            code: "T2008",
            stack: new Error().stack,
            position,
            value: !(atype === "string" || atype === "number") ? aa : bb,
          } satisfies EvaluationError;
        }
        if (atype !== btype) throw { code: "T2007", stack: new Error().stack, position, value: aa, value2: bb } satisfies EvaluationError;
        if (aa === bb) continue;
        comp = (aa as number) < (bb as number) ? -1 : 1;
        if (term.descending === true) comp = -comp;
      }
      return comp === 1;
    };
    return sort.call(undefined, input, swap as (...args: unknown[]) => unknown);
  };
}
