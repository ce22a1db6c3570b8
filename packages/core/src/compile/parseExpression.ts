import jsonata from "jsonata";
import type { Diagnostic } from "../diagnostics/diagnostic";
import type { ExpressionSource } from "../load/expressionSource";

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

/** Parses one expression; a syntax error becomes a diagnostic at its exact line and column. */
export function parseExpression(source: ExpressionSource): { ast?: jsonata.ExprNode; diagnostic?: Diagnostic } {
  try {
    return { ast: jsonata(source.text).ast() };
  } catch (error) {
    if (!isJsonataError(error)) throw error;
    return { diagnostic: expressionDiagnostic(source, error) };
  }
}

export function expressionDiagnostic(source: ExpressionSource, error: JsonataError): Diagnostic {
  let offset = errorOffset(error, source.text);
  // "Unexpected end": point just after the last character written, not at trailing blanks.
  if (error.token === "(end)") offset = source.text.trimEnd().length;
  const { line, column } = source.file.position(source.fileOffset(offset));
  return {
    code: "TM_JSONATA_SYNTAX",
    severity: "error",
    file: source.file.path,
    line,
    column,
    ...(source.path ? { path: source.path } : {}),
    message: `JSONata ${error.code}: ${error.message}`,
    sourceLine: source.file.lineText(line),
  };
}
