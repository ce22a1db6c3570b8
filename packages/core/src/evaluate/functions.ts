import { createHash } from "node:crypto";
import { LIST_FUNCTION } from "../compile";
import { parseIsoTimestamp } from "../shared/isoTimestamp";
import { toPlainOutput } from "./normalize";

/**
 * Functions trackmap adds to JSONata for mappings. All are pure: none reaches the
 * process, the environment, the network or the file system.
 */

/** Digits after the decimal point of a currency (JPY 0, EUR 2, KWD 3); 2 when unknown. */
export function currencyDigits(currency: unknown): number {
  if (typeof currency !== "string" || !/^[A-Za-z]{3}$/.test(currency)) return 2;
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** A number from a JSON number, a numeric string, or Medusa's `raw_*` `{ value: "12.5" }`. */
function toAmount(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  if (value && typeof value === "object" && "value" in value) return toAmount((value as { value: unknown }).value);
  return undefined;
}

/**
 * `$money(amount, currency?)`: rounds an amount (major units, as Medusa v2 holds them)
 * to the currency's digits, half away from zero, without float noise (59.33884297520661
 * → 59.34). Nothing in, nothing out.
 */
export function money(amount: unknown, currency?: unknown): number | undefined {
  const n = toAmount(amount);
  if (n === undefined) return undefined;
  const factor = 10 ** currencyDigits(currency);
  // Past 2^53 a double has no fraction left to round; scaling would only add noise.
  if (!Number.isSafeInteger(Math.round(Math.abs(n) * factor))) return n;
  const rounded = (Math.sign(n) * Math.round(Math.abs(n) * factor * (1 + Number.EPSILON))) / factor;
  return rounded === 0 ? 0 : rounded;
}

/** `$currency(code)`: ISO 4217 code in upper case, as Segment expects ("eur" → "EUR"). */
export function currency(code: unknown): string | undefined {
  return typeof code === "string" && code.trim() ? code.trim().toUpperCase() : undefined;
}

/** `$hash(values...)`: a stable 32-hex-digit SHA-256 of its arguments (key order does not matter). */
export function hash(...values: unknown[]): string {
  return createHash("sha256").update(stableStringify(values)).digest("hex").slice(0, 32);
}

/**
 * `$iso(date)`: an ISO-8601 string from ISO 8601 text (the forms a call's timestamp accepts:
 * "May 5" is not a date), a Date, or epoch milliseconds. Nothing when it is none of these.
 */
export function iso(value: unknown): string | undefined {
  if (typeof value === "string") {
    const parsed = parseIsoTimestamp(value);
    return parsed.ok ? parsed.iso : undefined;
  }
  const date = value instanceof Date ? value : typeof value === "number" ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

/** `$compact(object)`: drops keys whose value is null, empty text, or an empty list. */
export function compact(object: unknown): unknown {
  if (!object || typeof object !== "object" || Array.isArray(object)) return object;
  return Object.fromEntries(
    Object.entries(object).filter(([, v]) => v !== null && v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0)),
  );
}

/** `$omit(object, keys)`: the object without the given keys. */
export function omit(object: unknown, keys: unknown): unknown {
  if (!object || typeof object !== "object" || Array.isArray(object)) return object;
  const drop = new Set(([] as unknown[]).concat(keys ?? []).map(String));
  return Object.fromEntries(Object.entries(object).filter(([k]) => !drop.has(k)));
}

/** `$pick(object, keys)`: only the given keys of the object. */
export function pick(object: unknown, keys: unknown): unknown {
  if (!object || typeof object !== "object" || Array.isArray(object)) return object;
  const keep = ([] as unknown[]).concat(keys ?? []).map(String);
  const source = object as Record<string, unknown>;
  return Object.fromEntries(keep.filter((k) => k in source).map((k) => [k, source[k]]));
}

/** `$truncate(text, max)`: at most `max` characters (an emoji is one: it is never cut in half). */
export function truncate(text: unknown, max: unknown): unknown {
  if (typeof text !== "string" || typeof max !== "number") return text;
  const characters = Array.from(text);
  return characters.length > max ? characters.slice(0, Math.max(0, max)).join("") : text;
}

/** `$jsonSize(value)`: bytes of the value as JSON, to keep a call under Segment's 32 KB. */
export function jsonSize(value: unknown): number {
  const plain = toPlainOutput(value);
  return plain === undefined ? 0 : Buffer.byteLength(JSON.stringify(plain));
}

/** Deterministic JSON: object keys sorted at every depth. */
function stableStringify(value: unknown): string {
  const plain = toPlainOutput(value);
  return (
    JSON.stringify(plain, (_, v: unknown) =>
      v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
    ) ?? "null"
  );
}

/** Builds a list from template items exactly as written (no JSONata flattening). */
function list(...items: unknown[]): unknown[] {
  return items;
}

/** The bindings every evaluation gets. */
export const BUILTIN_FUNCTIONS: Readonly<Record<string, (...args: never[]) => unknown>> = Object.freeze({
  money,
  currency,
  hash,
  iso,
  compact,
  omit,
  pick,
  truncate,
  jsonSize,
  [LIST_FUNCTION]: list,
});
