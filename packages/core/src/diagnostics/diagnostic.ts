/**
 * Diagnostics describe user mistakes in mapping and test files. They are collected,
 * never thrown, so that one run reports every problem at once.
 */

export type Severity = "error" | "warning";

export type DiagnosticCode =
  | "TM_FILE_UNREADABLE"
  | "TM_FILE_TOO_LARGE"
  | "TM_FILE_SKIPPED"
  | "TM_PATH_NOT_FOUND"
  | "TM_YAML_SYNTAX"
  | "TM_YAML_TOO_MANY_ALIASES"
  | "TM_SCHEMA_VIOLATION"
  | "TM_UNKNOWN_KEY"
  | "TM_MISSING_KEY"
  | "TM_UNKNOWN_CALL_TYPE"
  | "TM_JSONATA_SYNTAX"
  | "TM_EXPRESSION_TOO_DEEP"
  | "TM_NOT_A_FUNCTION"
  | "TM_DUPLICATE_KEY"
  | "TM_DUPLICATE_MAPPING"
  | "TM_DUPLICATE_FUNCTION"
  | "TM_DUPLICATE_LIBRARY"
  | "TM_UNKNOWN_LIBRARY"
  | "TM_UNKNOWN_PRESET"
  | "TM_JSONATA_HEADER"
  | "TM_LOOKS_LIKE_EXPRESSION"
  | "TM_TEST_MAPPING_NOT_FOUND"
  | "TM_FIXTURE_UNREADABLE"
  | "TM_NO_TESTS"
  | "TM_TRACKING_PLAN";

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
