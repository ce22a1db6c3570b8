import type { EvaluationBudget } from "../isolate";
import { EVALUATION_OPTION_NAMES, readEvaluationSettings, type EvaluationOptions } from "./evaluationSettings";
import type { OptionReader } from "./optionReader";
import { readOutboxSettings, type OutboxOptions, type OutboxSettings } from "./outboxSettings";

/**
 * The options every trackmap host (the Medusa v2 and v1 plugins) takes, as a store writes them
 * in medusa-config; each host adds its own.
 */
export interface HostOptions extends EvaluationOptions {
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
  /**
   * Development: a folder into which each mapped event's input (the event and the records its
   * mapping loaded, redacted) is written as a fixture file. Ignored when NODE_ENV is "production".
   */
  capture_inputs?: string;
  /** Evaluation limits of one mapping expression. */
  timeout_ms?: number;
  max_depth?: number;
}

export const HOST_OPTION_NAMES: ReadonlyArray<keyof HostOptions> = [
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
  "capture_inputs",
  "timeout_ms",
  "max_depth",
  ...EVALUATION_OPTION_NAMES,
];

/** HostOptions after checking and defaults. */
export interface ResolvedHostOptions {
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
  /** Where each mapped event's input is written (`capture_inputs`); undefined when off, and in production. */
  captureInputs?: string;
  limits: { timeoutMs?: number; maxDepth?: number };
  /** What one event may cost in its worker; undefined when events are mapped on the main thread (`isolate_evaluation: false`). */
  evaluation?: EvaluationBudget;
}

/** Reads the options every host takes; the reader names a wrong one. */
export function readHostOptions(options: OptionReader): ResolvedHostOptions {
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
    // Records hold customers' personal data: never written to disk by a store in production.
    captureInputs: developmentOnly(options.optionalString("capture_inputs")),
    limits: { timeoutMs: options.count("timeout_ms", 1), maxDepth: options.count("max_depth", 10) },
    evaluation: readEvaluationSettings(options),
  };
}

/** An option's value outside production; undefined in production (NODE_ENV "production"). */
function developmentOnly<T>(value: T | undefined): T | undefined {
  return process.env.NODE_ENV === "production" ? undefined : value;
}
