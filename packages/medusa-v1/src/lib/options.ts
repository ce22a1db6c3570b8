import { TrackmapError } from "@trackmap/core";

/**
 * The plugin's options, as a Medusa v1 store writes them in medusa-config.js: the same entry as
 * medusa-plugin-segment's, with trackmap's package name.
 *
 *     { resolve: "@trackmap/medusa-v1", options: { write_key: process.env.SEGMENT_WRITE_KEY } }
 */
export interface SegmentPluginOptions {
  /** Segment source write key. Without it the plugin runs dry: it logs the calls instead of sending them. */
  write_key?: string;
  /** medusa-plugin-segment's: the cart context's `ga_id` becomes Google Analytics' clientId in `integrations`. */
  use_ga_id?: boolean;
  /** medusa-plugin-segment's: the currency of the `reporting_*` amounts. Default: EUR, as there. */
  reporting_currency?: string;
  /** Units of the reporting currency per unit of each order currency, e.g. { USD: 0.92 }: no network call, ever. */
  exchange_rates?: Record<string, number>;
  /** medusa-plugin-segment's key for exchangeratesapi.io: accepted so old configurations start, and ignored. */
  exchange_rates_api_key?: string;
  /** Segment's definitions of revenue and subtotal instead of medusa-plugin-segment's (see docs/medusa-v1.md). */
  spec_amounts?: boolean;
  /** Folders of mappings layered over the defaults (later ones win, event by event). */
  mappings?: string | string[];
  /** Source events not to track, e.g. ["order.canceled"]. */
  disable?: string[];
  /** Keys removed from every call, besides password and password_hash. */
  redact?: string[];
  /** Segment API host (default: Segment's). Tests and proxies point it elsewhere. */
  host?: string;
  /** Calls per batch before a flush. Default: 15. */
  flush_at?: number;
  /** Milliseconds between flushes. Default: 10000. */
  flush_interval?: number;
  /** Retries of a failed batch. Default: 10. */
  max_retries?: number;
  /** Evaluation limits of one mapping expression. */
  timeout_ms?: number;
  max_depth?: number;
}

/** What the plugin works with, after checking and defaults. */
export interface ResolvedOptions {
  writeKey?: string;
  mappings: string[];
  disable: string[];
  redact: string[];
  host?: string;
  flushAt?: number;
  flushInterval?: number;
  maxRetries?: number;
  limits: { timeoutMs?: number; maxDepth?: number };
  /** What mappings see as `$reporting`. */
  reporting: { currency: string; rates: Record<string, number> };
  /** What mappings see as `$plugin`: the switches that change what they send. */
  plugin: { use_ga_id: boolean; spec_amounts: boolean };
  /** Options accepted for compatibility that do nothing any more, to be told at start-up. */
  ignored: string[];
}

const KNOWN = [
  "write_key",
  "use_ga_id",
  "reporting_currency",
  "exchange_rates",
  "exchange_rates_api_key",
  "spec_amounts",
  "mappings",
  "disable",
  "redact",
  "host",
  "flush_at",
  "flush_interval",
  "max_retries",
  "timeout_ms",
  "max_depth",
];
const IGNORED = ["exchange_rates_api_key"];
const DEFAULT_REPORTING_CURRENCY = "EUR";

/**
 * Checks the options and names the wrong one (`TM_INVALID_OPTIONS`). The write key is never put
 * in a message.
 */
export function resolveOptions(raw: unknown): ResolvedOptions {
  if (raw !== undefined && raw !== null && (typeof raw !== "object" || Array.isArray(raw))) fail("options", "must be an object");
  const options = (raw ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) {
      const snake = KNOWN.find((k) => k.replace(/_(.)/g, (_, c: string) => c.toUpperCase()) === key);
      fail(key, `is not an option${snake ? ` (did you mean "${snake}"?)` : ""}; options are ${KNOWN.join(", ")}`);
    }
  }
  const writeKey = options.write_key;
  if (writeKey !== undefined && writeKey !== null && writeKey !== "" && typeof writeKey !== "string") {
    fail("write_key", "must be text (your Segment source's write key)");
  }
  return {
    writeKey: typeof writeKey === "string" && writeKey.trim() ? writeKey.trim() : undefined,
    mappings: stringList(options, "mappings"),
    disable: stringList(options, "disable"),
    redact: stringList(options, "redact"),
    host: optionalString(options, "host"),
    flushAt: count(options, "flush_at", 1),
    flushInterval: count(options, "flush_interval", 0),
    maxRetries: count(options, "max_retries", 0),
    limits: { timeoutMs: count(options, "timeout_ms", 1), maxDepth: count(options, "max_depth", 10) },
    reporting: reporting(options),
    plugin: { use_ga_id: flag(options, "use_ga_id"), spec_amounts: flag(options, "spec_amounts") },
    ignored: IGNORED.filter((key) => options[key] !== undefined && options[key] !== null && options[key] !== ""),
  };
}

function reporting(options: Record<string, unknown>): ResolvedOptions["reporting"] {
  const currency = optionalString(options, "reporting_currency") ?? DEFAULT_REPORTING_CURRENCY;
  if (!/^[A-Za-z]{3}$/.test(currency)) fail("reporting_currency", "must be a 3-letter currency code, e.g. EUR");
  const rates = options.exchange_rates ?? {};
  const valid =
    typeof rates === "object" &&
    rates !== null &&
    !Array.isArray(rates) &&
    Object.entries(rates).every(([code, rate]) => /^[A-Za-z]{3}$/.test(code) && typeof rate === "number" && rate > 0 && Number.isFinite(rate));
  if (!valid) fail("exchange_rates", 'must map currency codes to positive numbers, e.g. { "USD": 0.92 }');
  const upper = Object.fromEntries(Object.entries(rates as Record<string, number>).map(([code, rate]) => [code.toUpperCase(), rate]));
  return { currency: currency.toUpperCase(), rates: upper };
}

function fail(option: string, problem: string): never {
  throw new TrackmapError("TM_INVALID_OPTIONS", `@trackmap/medusa-v1: option "${option}" ${problem}`);
}

function flag(options: Record<string, unknown>, key: string): boolean {
  const value = options[key];
  if (value === undefined || value === null) return false;
  if (typeof value !== "boolean") fail(key, "must be true or false");
  return value;
}

function stringList(options: Record<string, unknown>, key: string): string[] {
  const value = options[key];
  if (value === undefined || value === null) return [];
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.some((item) => typeof item !== "string" || !item)) {
    fail(key, "must be a list of non-empty strings");
  }
  return list as string[];
}

function optionalString(options: Record<string, unknown>, key: string): string | undefined {
  const value = options[key];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") fail(key, "must be text");
  return value;
}

function count(options: Record<string, unknown>, key: string, minimum: number): number | undefined {
  const value = options[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < minimum) {
    fail(key, `must be a whole number, at least ${minimum}`);
  }
  return value;
}
