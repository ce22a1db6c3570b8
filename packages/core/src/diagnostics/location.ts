/** Where something was written, for messages: 1-based line and column. */
export interface Location {
  file: string;
  line: number;
  column: number;
}

/** `file:line:col`, as editors and terminals make clickable. */
export function formatLocation(location: Location): string {
  return `${location.file}:${location.line}:${location.column}`;
}
