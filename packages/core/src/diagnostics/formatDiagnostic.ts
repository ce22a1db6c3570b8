import pc from "picocolors";
import type { Diagnostic } from "./diagnostic";

export interface FormatOptions {
  color?: boolean;
}

/**
 * `file:line:col: error CODE message`, then the source line with a caret under the
 * column, then the hint: readable at a glance, clickable in editors and terminals.
 */
export function formatDiagnostic(diagnostic: Diagnostic, options: FormatOptions = {}): string {
  const c = pc.createColors(options.color ?? false);
  const where = diagnostic.line > 0 ? `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}` : diagnostic.file;
  const severity = diagnostic.severity === "error" ? c.red("error") : c.yellow("warning");
  const lines = [`${c.bold(where)}: ${severity} ${c.dim(diagnostic.code)} ${diagnostic.message}`];
  if (diagnostic.sourceLine !== undefined && diagnostic.column > 0) {
    const gutter = `${diagnostic.line} | `;
    lines.push(c.dim(gutter) + diagnostic.sourceLine);
    // Tabs are kept under tabs so the caret lines up whatever the terminal's tab width.
    const indent = diagnostic.sourceLine.slice(0, diagnostic.column - 1).replace(/[^\t]/g, " ");
    lines.push(" ".repeat(gutter.length) + indent + c.red("^"));
  }
  if (diagnostic.hint) lines.push(c.cyan(`hint: ${diagnostic.hint}`));
  return lines.join("\n");
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatOptions = {}): string {
  return diagnostics.map((d) => formatDiagnostic(d, options)).join("\n\n");
}
