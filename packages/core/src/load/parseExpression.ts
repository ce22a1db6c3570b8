import jsonata from "jsonata";
import { diagnostic, type Diagnostic, type DiagnosticCode } from "../diagnostics/diagnostic";
import type { ExpressionSource } from "../diagnostics/expressionSource";
import { errorOffset, isJsonataError, type JsonataError } from "../diagnostics/jsonataError";
import { expressionDepth, MAX_EXPRESSION_DEPTH, tooDeepBracket } from "./expressionDepth";

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
  return diagnosticAt(source, start, "TM_EXPRESSION_TOO_DEEP", message);
}

function expressionDiagnostic(source: ExpressionSource, error: JsonataError): Diagnostic {
  let offset = errorOffset(error, source.text);
  // "Unexpected end": point just after the last character written, not at trailing blanks.
  if (error.token === "(end)") offset = source.text.trimEnd().length;
  return diagnosticAt(source, offset, "TM_JSONATA_SYNTAX", `JSONata ${error.code}: ${error.message}`);
}

/** A diagnostic at a character of the expression, placed in its file. */
function diagnosticAt(source: ExpressionSource, offset: number, code: DiagnosticCode, message: string): Diagnostic {
  return diagnostic(code, { source: source.file, offset: source.fileOffset(offset) }, message, source.path ? { path: source.path } : {});
}
