import jsonata from "jsonata";
import type { Diagnostic, DiagnosticCode } from "../diagnostics/diagnostic";
import type { ExpressionSource } from "../load/expressionSource";
import { expressionDepth, MAX_EXPRESSION_DEPTH, tooDeepBracket } from "./expressionDepth";

export interface JsonataError {
  code: string;
  position?: number;
  token?: string;
  /** The value the message is about, e.g. the limit JSONata stopped at. */
  value?: unknown;
  /** Other values some messages quote (a comparison's right side, a power's exponent). */
  value2?: unknown;
  exp?: unknown;
  message: string;
}

export function isJsonataError(error: unknown): error is JsonataError {
  return typeof error === "object" && error !== null && typeof (error as JsonataError).code === "string";
}

/**
 * Offset of the token a JSONata error is about, in `text`. JSONata reports the offset
 * just after the token (for a function call, after `$name(`); editors want the token's
 * first character, so the token is looked for just before that offset.
 */
export function errorOffset(error: JsonataError, text: string): number {
  if (error.position === undefined) return 0;
  const token = error.token && error.token !== "(end)" ? String(error.token) : "";
  let start = error.position - (token.length || 1);
  if (token) {
    const found = text.lastIndexOf(token, error.position - token.length);
    if (found >= 0 && error.position - found - token.length <= 2) start = text[found - 1] === "$" ? found - 1 : found;
  }
  return Math.max(0, Math.min(start, text.length));
}

/**
 * Parses one expression; a syntax error becomes a diagnostic at its exact line and
 * column, and so does nesting deeper than MAX_EXPRESSION_DEPTH (see expressionDepth.ts).
 */
export function parseExpression(source: ExpressionSource): { ast?: jsonata.ExprNode; diagnostic?: Diagnostic } {
  const bracket = tooDeepBracket(source.text);
  if (bracket !== undefined) return { diagnostic: tooDeepDiagnostic(source, bracket) };
  let ast: jsonata.ExprNode;
  try {
    ast = jsonata(source.text).ast();
  } catch (error) {
    // The parser recurses: nesting that is not in brackets (`- - - 1`) can still overflow it.
    if (error instanceof RangeError) return { diagnostic: tooDeepDiagnostic(source) };
    if (!isJsonataError(error)) throw error;
    return { diagnostic: expressionDiagnostic(source, error) };
  }
  if (expressionDepth(ast) > MAX_EXPRESSION_DEPTH) return { diagnostic: tooDeepDiagnostic(source) };
  return { ast };
}

/** At the bracket that goes too deep, or else where the expression starts. */
function tooDeepDiagnostic(source: ExpressionSource, offset?: number): Diagnostic {
  const start = offset ?? source.text.length - source.text.trimStart().length;
  const message = `the expression nests more than ${MAX_EXPRESSION_DEPTH} levels deep, the most trackmap accepts`;
  return {
    ...diagnosticAt(source, start, "TM_EXPRESSION_TOO_DEEP", message),
    hint: "split it into smaller expressions, e.g. with variables ($x := ...) or functions",
  };
}

export function expressionDiagnostic(source: ExpressionSource, error: JsonataError): Diagnostic {
  let offset = errorOffset(error, source.text);
  // "Unexpected end": point just after the last character written, not at trailing blanks.
  if (error.token === "(end)") offset = source.text.trimEnd().length;
  return diagnosticAt(source, offset, "TM_JSONATA_SYNTAX", `JSONata ${error.code}: ${error.message}`);
}

function diagnosticAt(source: ExpressionSource, offset: number, code: DiagnosticCode, message: string): Diagnostic {
  const { line, column } = source.file.position(source.fileOffset(offset));
  return {
    code,
    severity: "error",
    file: source.file.path,
    line,
    column,
    ...(source.path ? { path: source.path } : {}),
    message,
    sourceLine: source.file.lineText(line),
  };
}
