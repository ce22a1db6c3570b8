import { isAsyncNative, type NativeFunction, type Signature } from "./natives";
import { NeedsInterpreter, type AstNode } from "./notCompiled";
import { Frame, type Evaluator, type RunState } from "./runState";
import { validateArguments } from "./signatures";
import { SYNC_BUILTINS } from "./syncBuiltins";
import { createSequence, functionArity, isFunction, isIterator, isLambda, isPromise, type EvaluationError } from "./values";

/**
 * Calling functions as jsonata does (its `apply`, `applyInner` and `applyProcedure`):
 * arguments checked against the signature, lambdas run in a new frame over the one they
 * were made in, tail calls run in a loop (a lambda whose body is a call returns a thunk),
 * built-ins called with jsonata's own implementations, or this module's synchronous
 * versions of the few that jsonata writes as async functions.
 */

// TYPES

/** What compiled code keeps with a lambda: how to run its body (or, for a thunk, its tail call). */
export interface LambdaCode {
  body?: Evaluator;
  tailProcedure?: Evaluator;
  tailArguments?: Evaluator[];
  tailProcedureNode?: AstNode;
}

/**
 * A lambda made by compiled code, with the fields of a jsonata lambda that built-ins and
 * `~>` read (`_jsonata_lambda`, `arguments` for the arity, `signature`, `thunk`), and jsonata
 * notes the name and position of its last call on it.
 */
export class CompiledLambda {
  readonly _jsonata_lambda = true;
  readonly arguments: AstNode[];
  readonly signature?: Signature;
  readonly thunk?: true;
  token?: string;
  position?: number;

  constructor(
    node: AstNode,
    readonly input: unknown,
    readonly environment: Frame,
    readonly code: LambdaCode,
    private readonly run: RunState,
  ) {
    this.arguments = node.arguments!;
    this.signature = node.signature as Signature | undefined;
    if (node.thunk === true) this.thunk = true;
  }

  /** As a jsonata lambda's `apply`, for JavaScript that calls it. */
  apply(_self: unknown, args: unknown[]): unknown {
    return apply(this, args, this.input, this.run);
  }
}

// LAMBDAS

export function makeLambda(node: AstNode, input: unknown, frame: Frame, run: RunState, code: LambdaCode): CompiledLambda {
  return new CompiledLambda(node, input, frame, code, run);
}

function codeOf(lambda: unknown): LambdaCode | undefined {
  return lambda instanceof CompiledLambda ? lambda.code : undefined;
}

// APPLY

/** jsonata's `apply`: the call, then any tail calls it returns, in a loop. */
export function apply(proc: unknown, args: unknown[], input: unknown, run: RunState): unknown {
  let result = applyInner(proc, args, input, run);
  while (isLambda(result) && (result as CompiledLambda).thunk === true) {
    const thunk = result as CompiledLambda;
    const code = codeOf(thunk);
    if (!code?.tailProcedure) throw new NeedsInterpreter("a tail call of a function made outside compiled code");
    const next = code.tailProcedure(thunk.input, thunk.environment, run) as CompiledLambda;
    if (code.tailProcedureNode!.type === "variable") next.token = code.tailProcedureNode!.value as string;
    next.position = code.tailProcedureNode!.position;
    const evaluatedArgs = code.tailArguments!.map((argument) => argument(thunk.input, thunk.environment, run));
    result = applyInner(next, evaluatedArgs, input, run);
  }
  return result;
}

function applyInner(proc: unknown, args: unknown[], input: unknown, run: RunState): unknown {
  try {
    // The common case first, without reading fields of objects of every shape.
    if (proc instanceof CompiledLambda) return applyProcedure(proc, proc.signature ? validateArguments(proc.signature, args, input) : args, run);
    let validated = args;
    const signature = (proc as { signature?: Signature } | null | undefined)?.signature;
    if (proc && signature) validated = validateArguments(signature, args, input);

    if (isLambda(proc)) return applyProcedure(proc as CompiledLambda, validated, run);
    if (proc && (proc as NativeFunction)._jsonata_function === true) return applyNative(proc as NativeFunction, validated);
    if (typeof proc === "function") {
      const result: unknown = proc.apply(input, validated);
      if (isPromise(result)) throw new NeedsInterpreter("a bound function returned a Promise");
      return result;
    }
    throw { code: "T1006", stack: new Error().stack } satisfies EvaluationError;
  } catch (error) {
    if (proc && !(error instanceof NeedsInterpreter) && typeof error === "object" && error !== null) {
      const described = error as EvaluationError;
      const named = proc as { token?: string; position?: number };
      if (described.token === undefined && named.token !== undefined) described.token = named.token;
      described.position = named.position || described.position;
    }
    throw error;
  }
}

function applyProcedure(proc: CompiledLambda, args: unknown[], run: RunState): unknown {
  const code = codeOf(proc);
  if (!code) throw new NeedsInterpreter("a function made by another jsonata evaluation");
  const frame = new Frame(proc.environment);
  proc.arguments.forEach((param, index) => {
    frame.bind(param.value as string, args[index]);
  });
  if (!code.body) throw new NeedsInterpreter("a tail call applied outside jsonata's loop");
  return code.body(proc.input, frame, run);
}

/**
 * The `this` jsonata gives a built-in. Of its fields, the built-ins compiled code runs read only
 * `createSequence` and `options` (which compiled code never has), so one object serves every call.
 */
const NATIVE_FOCUS = Object.freeze({ environment: undefined, input: undefined, options: undefined, createSequence });

function applyNative(proc: NativeFunction, args: unknown[]): unknown {
  const synchronous = SYNC_BUILTINS.get(proc.implementation);
  if (!synchronous && isAsyncNative(proc)) throw new NeedsInterpreter(`$${proc.implementation.name} runs only in jsonata`);
  let result = (synchronous ?? proc.implementation).apply(NATIVE_FOCUS, args);
  if (isIterator(result)) result = result.next().value;
  if (isPromise(result)) throw new NeedsInterpreter("a built-in returned a Promise");
  return result;
}

// ARGUMENTS

/**
 * jsonata hands functions to the function it calls wrapped in a closure that applies them
 * (with their arity), so built-ins see a plain JavaScript function; so does compiled code.
 */
export function wrapFunctionArgument(argument: unknown, run: RunState): unknown {
  if (!isFunction(argument)) return argument;
  const closure = (...params: unknown[]) => apply(argument, params, null, run);
  (closure as { arity?: number }).arity = functionArity(argument);
  return closure;
}
