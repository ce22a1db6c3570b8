import { compileCall, compileApplyOperator, compileLambda } from "./compileCall";
import { compileBinary, compileGroup, compileUnary } from "./compileOperators";
import { compileFilter, compilePath, lookupValue } from "./compilePath";
import { NotCompiled, type AstNode } from "./notCompiled";
import { enterNode, Frame, type Evaluator } from "./runState";
import { collapse, createSequence, isFunction, keysOf } from "./values";
import { native } from "./natives";

/**
 * Compiles one node of jsonata's AST into a JavaScript function that returns what jsonata's
 * `evaluate(node, input, environment)` returns: the node's own work, then its predicates and
 * grouping, then the collapse of a one-item sequence, with the guardrails checked on entry.
 * Compiled code never calls `eval` or `new Function`: user text only ever reaches it as data
 * held by these closures.
 */

export type Compile = (node: AstNode) => Evaluator;

export function compileNode(node: AstNode): Evaluator {
  const leaf = compileLeaf(node);
  if (leaf) return leaf;
  const work = compileWork(node);
  const predicates = node.predicate?.map((p) => compileFilter(p.expr, compileNode));
  const group = node.type !== "path" && node.group ? compileGroup(node.group, compileNode) : undefined;
  const keepArray = node.keepArray === true;
  if (!predicates && !group && !keepArray && neverSequence(node)) {
    return (input, frame, run) => {
      enterNode(run);
      const result = work(input, frame, run);
      run.depth--;
      return result;
    };
  }
  if (!predicates && !group) {
    return (input, frame, run) => {
      enterNode(run);
      const result = collapse(work(input, frame, run), keepArray);
      run.depth--;
      return result;
    };
  }
  return (input, frame, run) => {
    enterNode(run);
    let result = work(input, frame, run);
    if (predicates) for (const predicate of predicates) result = predicate(result, frame, run);
    if (group) result = group(result, frame, run);
    result = collapse(result, keepArray);
    run.depth--;
    return result;
  };
}

/**
 * The most frequent nodes, a literal, a variable or a field with nothing after them, as one
 * closure each: what the wrapper and the node's work do together, without the hop between them.
 */
function compileLeaf(node: AstNode): Evaluator | undefined {
  if (node.predicate || node.group || node.keepArray) return undefined;
  switch (node.type) {
    case "string":
    case "number":
    case "value": {
      const value = node.value;
      return (_input, _frame, run) => {
        enterNode(run);
        run.depth--;
        return value;
      };
    }
    case "variable": {
      const name = node.value as string;
      if (name === "") return undefined;
      refuseInterpretedFunction(name);
      return (_input, frame, run) => {
        enterNode(run);
        const result = collapse(frame.lookup(name), false);
        run.depth--;
        return result;
      };
    }
    case "name": {
      const key = node.value as string;
      return (input, _frame, run) => {
        enterNode(run);
        const result = collapse(lookupValue(input, key), false);
        run.depth--;
        return result;
      };
    }
    default:
      return undefined;
  }
}

/**
 * Nodes whose own result is never a sequence (a literal, an object, an arithmetic result):
 * collapsing it changes nothing. Not so for a block or a condition: their value may be a
 * function's result that no node has collapsed yet (a tail call's, run by `apply`'s loop).
 */
function neverSequence(node: AstNode): boolean {
  switch (node.type) {
    case "string":
    case "number":
    case "value":
    case "lambda":
      return true;
    case "unary":
      return node.value === "{" || node.value === "-";
    case "binary":
      return node.value !== "..";
    default:
      return false;
  }
}

function compileWork(node: AstNode): Evaluator {
  switch (node.type) {
    case "path":
      return compilePath(node, compileNode);
    case "binary":
      return compileBinary(node, compileNode);
    case "unary":
      return compileUnary(node, compileNode);
    case "name":
      return compileName(node.value as string);
    case "string":
    case "number":
    case "value": {
      const value = node.value;
      return () => value;
    }
    case "wildcard":
      return (input) => wildcard(input);
    case "descendant":
      return (input) => descendants(input);
    case "condition":
      return compileCondition(node);
    case "block":
      return compileBlock(node);
    case "bind": {
      const name = (node.lhs as AstNode).value as string;
      const rhs = compileNode(node.rhs!);
      return (input, frame, run) => {
        const value = rhs(input, frame, run);
        frame.bind(name, value);
        return value;
      };
    }
    case "function":
      return compileCall(node, compileNode);
    case "variable":
      return compileVariable(node.value as string);
    case "lambda":
      return compileLambda(node, compileNode);
    case "apply":
      return compileApplyOperator(node, compileNode);
    default:
      // regex, partial application, transform, parent: run by jsonata's evaluator.
      throw new NotCompiled(`${node.type} expressions`);
  }
}

// NAMES AND VARIABLES

/** A field of the input (`name`), as jsonata's `$lookup`. */
function compileName(key: string): Evaluator {
  return (input) => lookupValue(input, key);
}

/**
 * Built-ins compiled code does not run: jsonata writes them as async functions ($match, …)
 * or gives them the time of the evaluation ($now, $millis, $toMillis). Any mention of one
 * (called or passed) leaves the expression to jsonata's evaluator.
 */
const INTERPRETED_FUNCTIONS = new Set(["match", "replace", "eval", "now", "millis", "toMillis"]);

function refuseInterpretedFunction(name: string): void {
  if (INTERPRETED_FUNCTIONS.has(name)) throw new NotCompiled(`$${name}`);
}

function compileVariable(name: string): Evaluator {
  refuseInterpretedFunction(name);
  if (name === "") return (input) => (input && (input as { outerWrapper?: boolean }).outerWrapper ? (input as unknown[])[0] : input);
  return (_input, frame) => frame.lookup(name);
}

// CONTROL

const boolean = native("boolean").implementation as (value: unknown) => boolean | undefined;

function compileCondition(node: AstNode): Evaluator {
  const condition = compileNode(node.condition!);
  const then = compileNode(node.then!);
  const otherwise = node.else ? compileNode(node.else) : undefined;
  return (input, frame, run) => {
    if (boolean(condition(input, frame, run))) return then(input, frame, run);
    return otherwise ? otherwise(input, frame, run) : undefined;
  };
}

function compileBlock(node: AstNode): Evaluator {
  const expressions = node.expressions!.map(compileNode);
  return (input, frame, run) => {
    const scope = new Frame(frame);
    let result: unknown;
    for (const expression of expressions) result = expression(input, scope, run);
    return result;
  };
}

// WILDCARDS

const appendNative = native("append").implementation;
const APPEND_FOCUS = { createSequence };

function wildcard(input: unknown): unknown {
  let results: unknown = createSequence();
  let value = input;
  if (Array.isArray(value) && (value as { outerWrapper?: boolean }).outerWrapper && value.length > 0) value = value[0];
  if (value !== null && typeof value === "object" && !isFunction(value)) {
    for (const key of keysOf(value)) {
      let item = (value as Record<string, unknown>)[key];
      if (Array.isArray(item)) {
        item = flatten(item, []);
        results = appendNative.call(APPEND_FOCUS, results, item);
      } else {
        (results as unknown[]).push(item);
      }
    }
  }
  return results;
}

function flatten(arg: unknown, flattened: unknown[]): unknown[] {
  if (Array.isArray(arg)) for (const item of arg) flatten(item, flattened);
  else flattened.push(arg);
  return flattened;
}

function descendants(input: unknown): unknown {
  if (input === undefined) return undefined;
  const results = createSequence();
  recurseDescendants(input, results);
  return results.length === 1 ? results[0] : results;
}

function recurseDescendants(input: unknown, results: unknown[]): void {
  if (!Array.isArray(input)) results.push(input);
  if (Array.isArray(input)) {
    for (const member of input) recurseDescendants(member, results);
  } else if (input !== null && typeof input === "object" && !isFunction(input)) {
    for (const key of keysOf(input)) recurseDescendants((input as Record<string, unknown>)[key], results);
  }
}
