import { TrackmapError } from "@trackmap/core";

/**
 * The plugin's options, as a store writes them in medusa-config:
 *
 *     plugins: [{ resolve: "@trackmap/medusa", options: { write_key: process.env.SEGMENT_WRITE_KEY } }]
 */
export interface TrackmapPluginOptions {
  /** Segment source write key. Without it the plugin runs dry: it logs the calls instead of sending them. */
  write_key?: string;
  /** Folders of mappings layered over the defaults (later ones win, event by event). */
  mappings?: string | string[];
  /** Source events not to track, e.g. ["customer.updated"]. */
  disable?: string[];
  /** Keys removed from every call, besides password and password_hash. */
  redact?: string[];
  /** Segment API host (default: Segment's). Tests and proxies point it elsewhere. */
  host?: string;
  /** Calls per batch before a flush. Default: 15. */
  flush_at?: number;
  /** Milliseconds between flushes. Default: 10000. */
  flush_interval?: number;
  /** Retries of a failed batch by the Segment client. Default: 2 with the outbox (which retries on), 10 without. */
  max_retries?: number;
  /** Timeout of one request to Segment, in milliseconds. Default: 10000. */
  request_timeout_ms?: number;
  /**
   * The durable outbox: calls stored in the store's database before they are sent, retried
   * across outages and restarts. On by default when a write key is set; `false` sends straight
   * through the Segment client's memory queue.
   */
  outbox?: boolean | OutboxOptions;
  /** Evaluation limits of one mapping expression. */
  timeout_ms?: number;
  max_depth?: number;
  /** Adds reporting_* amounts in this currency (e.g. "EUR") to order events, like v1's option. */
  reporting_currency?: string;
  /** Units of the reporting currency per unit of each order currency, e.g. { USD: 0.92, JPY: 0.0062 }. */
  exchange_rates?: Record<string, number>;
}

export interface OutboxOptions {
  /** How often calls due for a retry are looked for. Default: 1000. */
  poll_interval_ms?: number;
  /** First retry delay; doubled at each attempt up to max_backoff_ms. Defaults: 1000 and 300000 (5 minutes). */
  base_backoff_ms?: number;
  max_backoff_ms?: number;
  /** How long a process may take to send the calls it claimed before another process may. Default: 120000. */
  lease_ms?: number;
  /** Calls taken per round. Default: 100. */
  batch_size?: number;
  /** Rounds running at once; at most batch_size × concurrency calls are in memory. Default: 4. */
  concurrency?: number;
  /** How often the outbox's figures are logged (when they changed); 0 never. Default: 60000. */
  report_interval_ms?: number;
  /** How long delivered calls are kept, for inspection. Default: 168 (7 days). */
  keep_delivered_hours?: number;
}

/** The outbox's settings, after defaults. */
export interface ResolvedOutbox {
  pollIntervalMs: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  leaseMs: number;
  batchSize: number;
  concurrency: number;
  reportIntervalMs: number;
  keepDeliveredMs: number;
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
  requestTimeoutMs?: number;
  /** Undefined when the outbox is off (by option, or in a dry run). */
  outbox?: ResolvedOutbox;
  limits: { timeoutMs?: number; maxDepth?: number };
  /** What mappings see as `$reporting`, when a reporting currency is set. */
  reporting?: { currency: string; rates: Record<string, number> };
}

const KNOWN = [
  "write_key",
  "mappings",
  "disable",
  "redact",
  "host",
  "flush_at",
  "flush_interval",
  "max_retries",
  "request_timeout_ms",
  "outbox",
  "timeout_ms",
  "max_depth",
  "reporting_currency",
  "exchange_rates",
];
/** Keys Medusa adds to every module's options by itself. */
const ADDED_BY_MEDUSA = new Set(["database", "providers"]);

/**
 * Checks the options and names the wrong one; the plugin does not start with bad options.
 * The write key is never put in a message.
 */
export function resolveOptions(raw: unknown): ResolvedOptions {
  const options = (raw ?? {}) as Record<string, unknown>;
  if (typeof options !== "object" || Array.isArray(options)) fail("options", "must be an object");
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key) && !ADDED_BY_MEDUSA.has(key)) {
      const camel = KNOWN.find((k) => k.replace(/_(.)/g, (_, c: string) => c.toUpperCase()) === key);
      fail(key, `is not an option${camel ? ` (did you mean "${camel}"?)` : ""}; options are ${KNOWN.join(", ")}`);
    }
  }
  const writeKey = options.write_key;
  if (writeKey !== undefined && writeKey !== null && writeKey !== "" && typeof writeKey !== "string") {
    fail("write_key", "must be text (your Segment source's write key)");
  }
  const resolvedKey = typeof writeKey === "string" && writeKey.trim() ? writeKey.trim() : undefined;
  const outboxOptions = outbox(options);
  return {
    writeKey: resolvedKey,
    mappings: stringList(options, "mappings"),
    disable: stringList(options, "disable"),
    redact: stringList(options, "redact"),
    host: optionalString(options, "host"),
    flushAt: count(options, "flush_at", 1),
    flushInterval: count(options, "flush_interval", 0),
    maxRetries: count(options, "max_retries", 0),
    requestTimeoutMs: count(options, "request_timeout_ms", 1),
    outbox: resolvedKey ? outboxOptions : undefined,
    limits: { timeoutMs: count(options, "timeout_ms", 1), maxDepth: count(options, "max_depth", 10) },
    reporting: reporting(options),
  };
}

const OUTBOX_DEFAULTS: Record<keyof OutboxOptions, number> = {
  poll_interval_ms: 1000,
  base_backoff_ms: 1000,
  max_backoff_ms: 300_000,
  lease_ms: 120_000,
  batch_size: 100,
  concurrency: 4,
  report_interval_ms: 60_000,
  keep_delivered_hours: 168,
};

function outbox(options: Record<string, unknown>): ResolvedOutbox | undefined {
  const value = options.outbox ?? true;
  if (value === false) return undefined;
  if (value !== true && (typeof value !== "object" || Array.isArray(value))) {
    fail("outbox", `must be true, false or an object with ${Object.keys(OUTBOX_DEFAULTS).join(", ")}`);
  }
  const given = (value === true ? {} : value) as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(key in OUTBOX_DEFAULTS)) fail(`outbox.${key}`, `is not an outbox option; they are ${Object.keys(OUTBOX_DEFAULTS).join(", ")}`);
  }
  const read = (key: keyof OutboxOptions, minimum: number) => count(given, key, minimum, "outbox.") ?? OUTBOX_DEFAULTS[key];
  return {
    pollIntervalMs: read("poll_interval_ms", 10),
    baseBackoffMs: read("base_backoff_ms", 1),
    maxBackoffMs: read("max_backoff_ms", 1),
    leaseMs: read("lease_ms", 1000),
    batchSize: read("batch_size", 1),
    concurrency: read("concurrency", 1),
    reportIntervalMs: read("report_interval_ms", 0),
    keepDeliveredMs: read("keep_delivered_hours", 0) * 3_600_000,
  };
}

function reporting(options: Record<string, unknown>): ResolvedOptions["reporting"] {
  const currency = optionalString(options, "reporting_currency");
  const rates = options.exchange_rates ?? {};
  const valid =
    typeof rates === "object" &&
    !Array.isArray(rates) &&
    Object.entries(rates as object).every(([code, rate]) => /^[A-Za-z]{3}$/.test(code) && typeof rate === "number" && rate > 0);
  if (!valid) fail("exchange_rates", 'must map currency codes to positive numbers, e.g. { "USD": 0.92 }');
  if (!currency) return undefined;
  if (!/^[A-Za-z]{3}$/.test(currency)) fail("reporting_currency", "must be a 3-letter currency code, e.g. EUR");
  const upper = Object.fromEntries(Object.entries(rates as Record<string, number>).map(([code, rate]) => [code.toUpperCase(), rate]));
  return { currency: currency.toUpperCase(), rates: upper };
}

function fail(option: string, problem: string): never {
  throw new TrackmapError("TM_INVALID_OPTIONS", `@trackmap/medusa: option "${option}" ${problem}`);
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

function count(options: Record<string, unknown>, key: string, minimum: number, prefix = ""): number | undefined {
  const value = options[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < minimum) {
    fail(`${prefix}${key}`, `must be a whole number, at least ${minimum}`);
  }
  return value;
}
