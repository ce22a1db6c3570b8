import { compileExpression, DEFAULT_LIMITS, type CompiledExpression } from "../../compile";
import { errorOffset, isJsonataError, type JsonataError } from "../../diagnostics/jsonataError";
import { BUILTIN_FUNCTIONS, toPlainOutput } from "../../evaluate";
import type { Output } from "../output";
import { readInputValue } from "../readInput";

export interface EvalOptions {
  input?: string;
  json?: boolean;
}

/**
 * `trackmap eval '<expression>' [--input file] [--json]`: evaluates one JSONata expression as
 * mappings do (compiled, with trackmap's functions and the default limits) and prints its
 * value, or jsonata's error with a caret under the place it points at (exit 1).
 */
export async function evalCommand(source: string, options: EvalOptions, out: Output): Promise<number> {
  const input = options.input === undefined ? undefined : await readInputValue(options.input);
  let expression: CompiledExpression;
  try {
    expression = compileExpression(source, { timeout: DEFAULT_LIMITS.timeoutMs, stack: DEFAULT_LIMITS.maxDepth });
  } catch (error) {
    return reportError(error, source, undefined, options, out);
  }
  let value: unknown;
  try {
    value = toPlainOutput(await expression.evaluate(input, { ...BUILTIN_FUNCTIONS }));
  } catch (error) {
    return reportError(error, source, expression, options, out);
  }
  if (options.json) {
    out.stdout(`${JSON.stringify({ ...(value === undefined ? {} : { value }), ...how(expression) }, null, 2)}\n`);
  } else {
    out.stdout(value === undefined ? "(no value)\n" : `${JSON.stringify(value, null, 2)}\n`);
    if (!expression.compiled) out.stderr(`note: run by jsonata's evaluator, not compiled (${expression.notCompiledBecause})\n`);
  }
  return 0;
}

function how(expression: CompiledExpression): { compiled: boolean; notCompiledBecause?: string } {
  return expression.compiled ? { compiled: true } : { compiled: false, notCompiledBecause: expression.notCompiledBecause };
}

function reportError(error: unknown, source: string, expression: CompiledExpression | undefined, options: EvalOptions, out: Output): number {
  if (!isJsonataError(error)) throw error;
  const column = error.position === undefined ? undefined : errorOffset(error, source) + 1;
  if (options.json) {
    const { code, message, position, token } = error as JsonataError;
    out.stdout(`${JSON.stringify({ error: { code, message, position, token, column }, ...(expression ? how(expression) : {}) }, null, 2)}\n`);
  } else if (column === undefined) {
    out.stderr(`${error.code}: ${error.message}\n`);
  } else {
    // The expression on one line, and a caret under the column the error points at.
    const line = source.replace(/\s/g, " ");
    out.stderr(`${error.code} at column ${column}: ${error.message}\n  ${line}\n  ${" ".repeat(column - 1)}^\n`);
  }
  return 1;
}
