import type { Node } from "yaml";
import type { Diagnostic, DiagnosticCode } from "./diagnostic";
import type { SourceFile } from "./sourceFile";
import { locate } from "./yamlNodes";

/** Helpers to place diagnostics at YAML nodes. */

export function nodeDiagnostic(
  node: Node | undefined,
  source: SourceFile,
  code: DiagnosticCode,
  message: string,
  extra: { hint?: string } = {},
): Diagnostic {
  const { line, column } = locate(node, source);
  return { code, severity: "error", file: source.path, line, column, message, sourceLine: source.lineText(line), ...extra };
}

export function fileDiagnostic(file: string, code: DiagnosticCode, message: string): Diagnostic {
  return { code, severity: "error", file, line: 0, column: 0, message };
}
