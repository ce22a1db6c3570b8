import { isScalar, visit, type Document, type YAMLError } from "yaml";
import { diagnostic, type Diagnostic, type DiagnosticCode } from "./diagnostic";
import type { SourceFile } from "./sourceFile";

/** A YAML error as a diagnostic, moved and reworded where YAML's own is unhelpful. */
export function yamlDiagnostic(error: YAMLError, doc: Document, source: SourceFile): Diagnostic {
  const code: DiagnosticCode = error.code === "DUPLICATE_KEY" ? "TM_DUPLICATE_KEY" : "TM_YAML_SYNTAX";
  let offset = error.pos[0];
  const [firstLine = ""] = error.message.split("\n");
  let message = firstLine.replace(/ at line \d+, column \d+:?$/, "");
  let hint: string | undefined;
  if (error.code === "MISSING_CHAR" && /quote/.test(message)) {
    // YAML reports an unclosed quote where the file ends; the user needs to see where it opens.
    const opening = unclosedQuoteStart(doc, offset);
    if (opening !== undefined) {
      offset = opening;
      message = `this quoted string is never closed (missing ${source.text[opening]})`;
      hint = "everything up to the end of the file was read as part of this string";
    }
  }
  if (error.code === "DUPLICATE_KEY") {
    const key = keyAt(doc, offset);
    message = key === undefined ? "this key appears twice in the same map" : `the key "${key}" appears twice in the same map`;
  }
  return diagnostic(code, { source, offset }, message, { hint });
}

/** The text of the map key that starts at `offset`. */
function keyAt(doc: Document, offset: number): string | undefined {
  let key: string | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        key = String(pair.key.value);
        return visit.BREAK;
      }
    },
  });
  return key;
}

/** Start of the quoted scalar that runs up to `end`, the offset YAML reports for an unclosed quote. */
function unclosedQuoteStart(doc: Document, end: number): number | undefined {
  let start: number | undefined;
  visit(doc, {
    Scalar(_, node) {
      const quoted = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE";
      if (quoted && node.range?.[1] === end) {
        start = node.range[0];
        return visit.BREAK;
      }
    },
  });
  return start;
}
