import jsonata from "jsonata";
import { compileNode } from "./compileNode";
import { NATIVES } from "./natives";
import { NotCompiled, type AstNode } from "./notCompiled";
import { Frame, isLimitError, startRun, type Evaluator, type Guardrails } from "./runState";
import { createSequence, isSequence } from "./values";

/**
 * A JSONata expression compiled once into JavaScript closures, with jsonata's evaluator
 * behind it. Whatever the compiler does not handle makes the whole expression run on
 * jsonata's evaluator, decided at compile time; an evaluation that fails is run again on
 * jsonata's evaluator, so the error thrown is jsonata's own (code, position, token,
 * message). Either way the caller gets what `jsonata(source).evaluate(input, bindings)` gives.
 */

// TYPES

/** jsonata's options. `timeout` and `stack` are enforced by compiled code too; any other option makes the expression run on jsonata's evaluator. */
export interface CompileOptions extends Guardrails {
  recover?: boolean;
  RegexEngine?: unknown;
  sequence?: number;
}

export interface CompiledExpression {
  readonly source: string;
  /** Whether the expression runs as compiled code; false when it runs on jsonata's evaluator. */
  readonly compiled: boolean;
  /** Why it runs on jsonata's evaluator ("regex expressions", "$match", …), when it does. */
  readonly notCompiledBecause?: string;
  /** Async like jsonata's: resolves with jsonata's result, rejects with jsonata's error. */
  evaluate(input: unknown, bindings?: Record<string, unknown>): Promise<unknown>;
  /** The syntax tree, from jsonata's parser. */
  ast(): jsonata.ExprNode;
}

// COMPILE

/** Compiles a JSONata expression; a syntax error is thrown as jsonata throws it (S0201, …). */
export function compileExpression(source: string, options: CompileOptions = {}): CompiledExpression {
  return compileParsed(source, jsonata(source, options as jsonata.JsonataOptions), options);
}

/** Compiles an expression jsonata has already parsed (with the same options). */
export function compileParsed(source: string, interpreter: jsonata.Expression, options: CompileOptions = {}): CompiledExpression {
  const guardrails: Guardrails = { timeout: options.timeout, stack: options.stack };
  let root: Evaluator | undefined;
  let notCompiledBecause: string | undefined;
  try {
    root = compileRoot(interpreter.ast() as unknown as AstNode, options);
  } catch (error) {
    if (!(error instanceof NotCompiled)) throw error;
    notCompiledBecause = error.reason;
  }

  const evaluate = async (input: unknown, bindings?: Record<string, unknown>): Promise<unknown> => {
    if (!root) return interpreter.evaluate(input, bindings);
    try {
      return evaluateCompiled(root, guardrails, input, bindings);
    } catch (error) {
      // A runaway would only run away again; anything else is run by jsonata, whose error (or result) is the answer.
      if (isLimitError(error)) throw error;
      return interpreter.evaluate(input, bindings);
    }
  };
  const expression: CompiledExpression = { source, compiled: root !== undefined, notCompiledBecause, evaluate, ast: () => interpreter.ast() };
  if (root) COMPILED.set(expression, { root, guardrails });
  return expression;
}

const COMPILED = new WeakMap<CompiledExpression, { root: Evaluator; guardrails: Guardrails }>();

/**
 * The compiled code's own answer, without jsonata's evaluator behind it: what the
 * differential tests compare with jsonata. Throws the compiled code's own errors.
 */
export function evaluateCompiledOnly(expression: CompiledExpression, input: unknown, bindings?: Record<string, unknown>): unknown {
  const compiled = COMPILED.get(expression);
  if (!compiled) throw new Error(`not compiled: ${expression.notCompiledBecause}`);
  return evaluateCompiled(compiled.root, compiled.guardrails, input, bindings);
}

function compileRoot(ast: AstNode, options: CompileOptions): Evaluator {
  if (options.recover || options.RegexEngine || options.sequence) throw new NotCompiled("the recover, RegexEngine and sequence options");
  return compileNode(ast);
}

// EVALUATE

/** Every built-in, under every evaluation's own frame. */
const BUILT_INS = new Frame();
for (const [name, definition] of NATIVES) BUILT_INS.bind(name, definition);

/** The evaluation itself, synchronous: the input wrapped and bound as jsonata's `evaluate` does. */
function evaluateCompiled(root: Evaluator, guardrails: Guardrails, input: unknown, bindings?: Record<string, unknown>): unknown {
  const frame = new Frame(BUILT_INS);
  if (bindings) for (const key of Object.keys(bindings)) frame.bind(key, bindings[key]);
  let context = input;
  if (Array.isArray(input) && !isSequence(input)) {
    const wrapped = createSequence(input);
    wrapped.outerWrapper = true;
    context = wrapped;
  }
  frame.bind("$", context);
  return root(context, frame, startRun(guardrails));
}
