import { OptionReader, readOutboxSettings, type OutboxOptions, type OutboxSettings, type ReportingOptions } from "@trackmap/core";

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
  /** Retries of a failed batch by the Segment client. Default: 2 with the outbox (which retries on), 10 without. */
  max_retries?: number;
  /** Timeout of one request to Segment, in milliseconds. Default: 10000. */
  request_timeout_ms?: number;
  /**
   * The durable outbox: calls stored in the store's database before they are sent, retried across
   * outages and restarts. On by default when a write key is set; `false` sends straight through the
   * Segment client's memory queue.
   */
  outbox?: boolean | OutboxOptions;
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
  requestTimeoutMs?: number;
  /** Undefined when the outbox is off (by option, or in a dry run). */
  outbox?: OutboxSettings;
  limits: { timeoutMs?: number; maxDepth?: number };
  /** What mappings see as `$reporting`. */
  reporting: ReportingOptions;
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
  "request_timeout_ms",
  "outbox",
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
  const options = new OptionReader("@trackmap/medusa-v1", raw).onlyKnown(KNOWN);
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
    outbox: writeKey ? readOutboxSettings(options) : undefined,
    limits: { timeoutMs: options.count("timeout_ms", 1), maxDepth: options.count("max_depth", 10) },
    // medusa-plugin-segment always reported in a currency: EUR unless told otherwise.
    reporting: options.reporting("reporting_currency", "exchange_rates", DEFAULT_REPORTING_CURRENCY),
    plugin: { use_ga_id: options.flag("use_ga_id"), spec_amounts: options.flag("spec_amounts") },
    ignored: IGNORED.filter((key) => options.raw(key) !== undefined && options.raw(key) !== null && options.raw(key) !== ""),
  };
}
