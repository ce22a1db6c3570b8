import { OptionReader, type ReportingOptions } from "@trackmap/core";

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
  reporting?: ReportingOptions;
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
const ADDED_BY_MEDUSA = ["database", "providers"];
const OWNER = "@trackmap/medusa";

/**
 * Checks the options and names the wrong one; the plugin does not start with bad options.
 * The write key is never put in a message.
 */
export function resolveOptions(raw: unknown): ResolvedOptions {
  const options = new OptionReader(OWNER, raw).onlyKnown(KNOWN, ADDED_BY_MEDUSA);
  const writeKey = options.writeKey();
  return {
    writeKey,
    mappings: options.stringList("mappings"),
    disable: options.stringList("disable"),
    redact: options.stringList("redact"),
    host: options.optionalString("host"),
    flushAt: options.count("flush_at", 1),
    flushInterval: options.count("flush_interval", 0),
    maxRetries: options.count("max_retries", 0),
    requestTimeoutMs: options.count("request_timeout_ms", 1),
    // A dry run logs calls: nothing to keep.
    outbox: writeKey ? outbox(options) : undefined,
    limits: { timeoutMs: options.count("timeout_ms", 1), maxDepth: options.count("max_depth", 10) },
    reporting: options.reporting("reporting_currency", "exchange_rates"),
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

function outbox(options: OptionReader): ResolvedOutbox | undefined {
  const value = options.raw("outbox") ?? true;
  if (value === false) return undefined;
  if (value !== true && (typeof value !== "object" || Array.isArray(value))) {
    options.fail("outbox", `must be true, false or an object with ${Object.keys(OUTBOX_DEFAULTS).join(", ")}`);
  }
  const given = new OptionReader(OWNER, value === true ? {} : value, "outbox.").onlyKnown(Object.keys(OUTBOX_DEFAULTS));
  const read = (key: keyof OutboxOptions, minimum: number) => given.count(key, minimum) ?? OUTBOX_DEFAULTS[key];
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
