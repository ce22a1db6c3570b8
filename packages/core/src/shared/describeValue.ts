/**
 * A value described by its type and size, never quoted: the value that fails a check may
 * be a password hash or a card number, and messages reach logs and the outbox's last_error.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return value === "" ? "empty text" : `text of ${plural(value.length, "character")}`;
  if (typeof value === "number") return Number.isFinite(value) ? "a number" : "a number that is not finite (NaN or Infinity)";
  if (typeof value === "bigint") return "a BigInt";
  if (typeof value === "boolean") return "a boolean";
  if (Array.isArray(value)) return `a list of ${plural(value.length, "item")}`;
  if (value instanceof Date) return "a Date";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
