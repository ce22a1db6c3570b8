import jsonata from "jsonata";
import { apply, makeLambda, wrapFunctionArgument } from "./apply";
import type { Compile } from "./compileNode";
import type { AstNode } from "./notCompiled";
import type { Evaluator, Frame, RunState } from "./runState";
import { isFunction, type EvaluationError } from "./values";

/**
 * Function calls, lambdas and `~>`, as jsonata's evaluateFunction, evaluateLambda and
 * evaluateApplyExpression do them: the procedure first, then the arguments left to right,
 * functions among them wrapped as jsonata wraps them; a lambda whose body is a call compiles
 * to a thunk, so tail recursion runs in a loop as it does in jsonata.
 */

type Call = (input: unknown, frame: Frame, run: RunState, context?: { value: unknown }) => unknown;

export function compileCall(node: AstNode, compile: Compile): Evaluator {
  const call = compileCallWith(node, compile);
  return (input, frame, run) => call(input, frame, run);
}

function compileCallWith(node: AstNode, compile: Compile): Call {
  const procedureNode = node.procedure!;
  const procedure = compile(procedureNode);
  const args = node.arguments!.map(compile);
  const position = node.position;
  const isPath = procedureNode.type === "path";
  const name = (isPath ? procedureNode.steps![0]!.value : procedureNode.value) as string;
  return (input, frame, run, context) => {
    const proc = procedure(input, frame, run);
    if (proc === undefined && isPath && frame.lookup(name)) {
      throw { code: "T1005", stack: new Error().stack, position, token: name } satisfies EvaluationError;
    }
    const evaluated: unknown[] = [];
    if (context) evaluated.push(context.value);
    for (const arg of args) evaluated.push(wrapFunctionArgument(arg(input, frame, run), run));
    try {
      if (typeof proc === "object") {
        // jsonata notes where a function was last called on the function itself (a null one throws here too),
        // and gives an error raised inside it that position. Compiled code does the same: the limit errors
        // (D1011, D1012) are not run again by jsonata, and their position tells which function ran away.
        (proc as { token?: string }).token = name;
        (proc as { position?: number }).position = position;
      }
      return apply(proc, evaluated, input, run);
    } catch (error) {
      if (error !== null && typeof error === "object") {
        const described = error as EvaluationError;
        if (!described.position) described.position = position;
        if (!described.token) described.token = name;
      }
      throw error;
    }
  };
}

export function compileLambda(node: AstNode, compile: Compile): Evaluator {
  if (node.thunk === true) {
    const call = node.body!;
    const code = {
      tailProcedure: compile(call.procedure!),
      tailArguments: call.arguments!.map(compile),
      tailProcedureNode: call.procedure!,
    };
    return (input, frame, run) => makeLambda(node, input, frame, run, code);
  }
  const code = { body: compile(node.body!) };
  return (input, frame, run) => makeLambda(node, input, frame, run, code);
}

// ~>

/** jsonata chains two functions (`$f ~> $g`) with this lambda. */
const CHAIN_SOURCE = "function($f, $g) { function($x){ $g($f($x)) } }";

export function compileApplyOperator(node: AstNode, compile: Compile): Evaluator {
  const lhs = compile(node.lhs as AstNode);
  const rhsNode = node.rhs!;
  if (rhsNode.type === "function") {
    const call = compileCallWith(rhsNode, compile);
    return (input, frame, run) => call(input, frame, run, { value: lhs(input, frame, run) });
  }
  const rhs = compile(rhsNode);
  const chain = compile(jsonata(CHAIN_SOURCE).ast() as AstNode);
  const position = node.position;
  return (input, frame, run) => {
    const value = lhs(input, frame, run);
    const func = rhs(input, frame, run);
    if (!isFunction(func)) throw { code: "T2006", stack: new Error().stack, position, value: func } satisfies EvaluationError;
    if (isFunction(value)) return apply(chain(null, frame, run), [value, func], null, run);
    return apply(func, [value], null, run);
  };
}
