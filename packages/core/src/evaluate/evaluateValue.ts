import type { CompiledValue } from "../compile/compiledMapping";
import { errorOffset, isJsonataError } from "../compile/parseExpression";
import { BUILTIN_FUNCTIONS } from "./functions";
import { MappingRunError, type MappingRunErrorCode } from "./mappingRunError";
import { toPlainOutput } from "./normalize";
import { formatKeyPath } from "../load/schemaDiagnostics";

export interface EvaluationContext {
  /** The source event name, for error messages. */
  event: string;
  /** The mapping file, for error messages. */
  mapping: string;
}

/**
 * Evaluates one compiled value against the input, with the built-in functions and the
 * given variables bound. Returns plain JSON; throws a MappingRunError that points at
 * the expression's file, line and column.
 */
export async function evaluateValue(
  value: CompiledValue,
  input: unknown,
  variables: Record<string, unknown>,
  context: EvaluationContext,
): Promise<unknown> {
  if (!("program" in value)) return value.value;
  try {
    const result = await value.program.expression.evaluate(input, { ...BUILTIN_FUNCTIONS, ...variables });
    return toPlainOutput(result);
  } catch (error) {
    if (!isJsonataError(error)) throw error;
    const located = error.position === undefined ? undefined : value.program.locate(errorOffset(error, value.program.text.length));
    const position = located
      ? located.source.file.position(located.source.fileOffset(located.offset))
      : { line: value.location.line, column: value.location.column };
    throw new MappingRunError({
      code: runErrorCode(error.code),
      event: context.event,
      file: located ? located.source.file.path : value.location.file,
      line: position.line,
      column: position.column,
      path: located ? formatKeyPath(located.source.path) : value.path,
      jsonataCode: error.code,
      mapping: context.mapping,
      reason: error.message,
    });
  }
}

function runErrorCode(jsonataCode: string): MappingRunErrorCode {
  if (jsonataCode === "D1012") return "TM_EVAL_TIMEOUT";
  if (jsonataCode === "D1011") return "TM_EVAL_DEPTH";
  return "TM_EVAL_ERROR";
}
