/**
 * Diagnostics describe user mistakes in mapping and test files. They are collected,
 * never thrown, so that one run reports every problem at once.
 */

import type { Node } from "yaml";
import { CODES, type CodeOfKind } from "./codes";
import type { Location } from "./location";
import type { SourceFile } from "./sourceFile";

export type Severity = "error" | "warning";

/** Codes of diagnostics: the `file` kind of the catalogue (codes.ts). */
export type DiagnosticCode = CodeOfKind<"file">;

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  /** File path as given by the caller (relative paths stay relative). */
  file: string;
  /** 1-based line; 0 when the problem concerns the whole file. */
  line: number;
  /** 1-based column; 0 when the problem concerns the whole file. */
  column: number;
  message: string;
  /** Path of keys inside the file, e.g. `calls/0/track/event`. */
  path?: string;
  /** A suggestion of how to fix it. */
  hint?: string;
  /** The source line the diagnostic points into, for printing a caret under it. */
  sourceLine?: string;
}

// CONSTRUCTOR

/**
 * Where a diagnostic points: a whole file (its path), a location, or a place in a source
 * (an offset, or a YAML node) whose line is then quoted under the message.
 */
export type DiagnosticSite =
  | string
  | (Location & { source?: SourceFile })
  | { source: SourceFile; offset: number }
  | { source: SourceFile; node: Node | undefined };

export interface DiagnosticExtras {
  /** Default: error. */
  severity?: Severity;
  path?: string;
  /** Default: the catalogue's hint for the code, if it has one. */
  hint?: string;
}

/** The one way diagnostics are made: the code's default hint comes from the catalogue. */
export function diagnostic(code: DiagnosticCode, at: DiagnosticSite, message: string, extras: DiagnosticExtras = {}): Diagnostic {
  const { file, line, column, source } = siteOf(at);
  const hint = extras.hint ?? (CODES[code] as { hint?: string }).hint;
  return {
    code,
    severity: extras.severity ?? "error",
    file,
    line,
    column,
    message,
    ...(extras.path !== undefined ? { path: extras.path } : {}),
    ...(hint !== undefined ? { hint } : {}),
    ...(source && line > 0 ? { sourceLine: source.lineText(line) } : {}),
  };
}

function siteOf(at: DiagnosticSite): Location & { source?: SourceFile } {
  if (typeof at === "string") return { file: at, line: 0, column: 0 };
  if ("file" in at) return at;
  const offset = "offset" in at ? at.offset : (at.node?.range?.[0] ?? 0);
  return { file: at.source.path, ...at.source.position(offset), source: at.source };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Drops repeats: a problem met by every mapping that uses a library is reported once. */
export function uniqueDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Orders diagnostics by file, then position, so output is stable. Files compare by code
 * unit, as files are loaded, not by locale (which would differ between machines).
 */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const byFile = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...diagnostics].sort((a, b) => byFile(a.file, b.file) || a.line - b.line || a.column - b.column);
}
