import type { CodeOfKind } from "./codes";
import type { Diagnostic } from "./diagnostic";
import { formatDiagnostics } from "./formatDiagnostic";

/** Codes of errors thrown by the library API (as opposed to collected diagnostics): the `api` kind of the catalogue. */
export type TrackmapErrorCode = CodeOfKind<"api">;

/** A typed error with a stable `code`, for API misuse and invalid configuration. */
export class TrackmapError extends Error {
  readonly code: TrackmapErrorCode;
  readonly diagnostics: readonly Diagnostic[];

  constructor(code: TrackmapErrorCode, message: string, diagnostics: readonly Diagnostic[] = []) {
    super(message);
    this.name = "TrackmapError";
    this.code = code;
    this.diagnostics = diagnostics;
  }
}

/** Thrown when mappings are required to be valid (e.g. at application start-up). */
export function invalidMappingsError(diagnostics: readonly Diagnostic[]): TrackmapError {
  const errors = diagnostics.filter((d) => d.severity === "error");
  return new TrackmapError(
    "TM_INVALID_MAPPINGS",
    `${errors.length} problem(s) in mapping files:\n${formatDiagnostics(errors, { color: false })}`,
    diagnostics,
  );
}
