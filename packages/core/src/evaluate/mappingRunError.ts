import type { CodeOfKind } from "../diagnostics/codes";

/** Codes of run-time failures of a mapping (reported per event, never thrown into the host): the `run` kind of the catalogue. */
export type MappingRunErrorCode = CodeOfKind<"run">;

export interface MappingRunErrorDetails {
  code: MappingRunErrorCode;
  /** The source event, e.g. `order.placed`. */
  event: string;
  /** The mapping (or library) file the failing expression is written in. */
  file?: string;
  line?: number;
  column?: number;
  /** Where in the mapping, e.g. `calls[0].track.properties`. */
  path?: string;
  /** JSONata's own error code (T2001, D1012, ...), when JSONata raised it. */
  jsonataCode?: string;
  /** The mapping file, when the failing expression is in a library it uses. */
  mapping?: string;
  reason: string;
}

/**
 * A mapping that failed for one event. The message names the event, the file and line
 * of the expression, and the JSONata code, so it can be fixed from the log alone.
 */
export class MappingRunError extends Error {
  readonly code: MappingRunErrorCode;
  readonly details: MappingRunErrorDetails;

  constructor(details: MappingRunErrorDetails) {
    super(formatRunError(details));
    this.name = "MappingRunError";
    this.code = details.code;
    this.details = details;
  }
}

function formatRunError(d: MappingRunErrorDetails): string {
  const where = d.file ? (d.line ? `${d.file}:${d.line}:${d.column}` : d.file) : "";
  const parts = [`${d.event}:`];
  if (where) parts.push(`${where}:`);
  parts.push(d.code);
  if (d.jsonataCode) parts.push(d.jsonataCode);
  let message = `${parts.join(" ")} ${d.reason}`;
  if (d.path) message += ` (at ${d.path})`;
  if (d.mapping && d.mapping !== d.file) message += ` [mapping ${d.mapping}]`;
  return message;
}
