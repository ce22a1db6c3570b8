/** JSONata's errors, and where in an expression they point. */

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
