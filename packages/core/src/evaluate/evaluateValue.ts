import type { CompiledValue } from "../compile";
import { errorOffset, isJsonataError } from "../diagnostics/jsonataError";
import { BUILTIN_FUNCTIONS } from "./functions";
import { MappingRunError, type MappingRunErrorCode } from "./mappingRunError";
import { formatKeyPath } from "../diagnostics/keyPath";
import { messageWithoutValues } from "./jsonataMessage";
import { toPlainOutput } from "./normalize";
import type { Location } from "../diagnostics/location";

export interface EvaluationContext {
  /** The source event name, for error messages. */
  event: string;
  /** The mapping file, for error messages. */
  mapping: string;
  /** Values the host provides to every expression, as `$name` (e.g. `$reporting`). */
  variables?: Record<string, unknown>;
  /** Told which expression is about to run (an isolated worker records it, to name it if the worker must be stopped). */
  onExpression?: (expression: RunningExpression) => void;
}

/** An expression of a mapping, as `onExpression` is told about it. */
export interface RunningExpression {
  path: string;
  location: Location;
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
  context.onExpression?.(value);
  const bindings = { ...BUILTIN_FUNCTIONS, ...context.variables, ...variables };
  try {
    const result = await value.program.expression.evaluate(input, bindings);
    return toPlainOutput(result);
  } catch (caught) {
    if (!isJsonataError(caught)) throw caught;
    let error = caught;
    // Limits would only be hit again; other errors are re-run to find their line inside functions.
    if (!LIMIT_CODES.has(error.code)) {
      const precise = await value.program.rerunForError(input, bindings);
      if (isJsonataError(precise) && precise.code === error.code) error = precise;
    }
    const located = error.position === undefined ? undefined : value.program.locate(errorOffset(error, value.program.text));
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
      // The limits' values are settings; any other value is data, possibly a secret.
      reason:
        error.code === "D1011"
          ? `${error.message} (limit: maxDepth ${String(error.value)})`
          : LIMIT_CODES.has(error.code)
            ? error.message
            : messageWithoutValues(error),
    });
  }
}

const LIMIT_CODES = new Set(["D1011", "D1012"]);

function runErrorCode(jsonataCode: string): MappingRunErrorCode {
  if (jsonataCode === "D1012") return "TM_EVAL_TIMEOUT";
  if (jsonataCode === "D1011") return "TM_EVAL_DEPTH";
  return "TM_EVAL_ERROR";
}
