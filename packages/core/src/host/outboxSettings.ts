import type { OptionReader } from "./optionReader";

/** The outbox's settings, after defaults (see readOutboxSettings for their option names). */
export interface OutboxSettings {
  pollIntervalMs: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  leaseMs: number;
  batchSize: number;
  concurrency: number;
  /** How often the figures are logged (when they changed); 0 never. */
  reportIntervalMs: number;
  /** How long delivered calls are kept, for inspection. */
  keepDeliveredMs: number;
  /** How long dead calls are kept after they were given up, to inspect and re-send. */
  keepDeadMs: number;
}

/** The option names a store writes (`outbox: { poll_interval_ms: 500 }`), with their defaults. */
export const OUTBOX_OPTION_DEFAULTS = {
  poll_interval_ms: 1000,
  base_backoff_ms: 1000,
  max_backoff_ms: 300_000,
  lease_ms: 120_000,
  batch_size: 100,
  concurrency: 4,
  report_interval_ms: 60_000,
  keep_delivered_hours: 168,
  keep_dead_days: 30,
} as const;

/**
 * The most calls a round may take: a process holds `batch_size × (concurrency + 1)` of them in memory,
 * and a round's writes stay well within PostgreSQL's 65,535 parameters a statement.
 */
const MAX_OUTBOX_BATCH_SIZE = 10_000;

export type OutboxOptions = Partial<Record<keyof typeof OUTBOX_OPTION_DEFAULTS, number>>;

/**
 * Reads a host's `outbox` option: `true` or absent for the defaults, `false` for no outbox, or
 * an object of OUTBOX_OPTION_DEFAULTS' keys. Undefined when off.
 */
export function readOutboxSettings(options: OptionReader, key = "outbox"): OutboxSettings | undefined {
  const value = options.raw(key) ?? true;
  if (value === false) return undefined;
  const names = Object.keys(OUTBOX_OPTION_DEFAULTS);
  if (value !== true && (typeof value !== "object" || Array.isArray(value))) {
    options.fail(key, `must be true, false or an object with ${names.join(", ")}`);
  }
  const given = options.nested(key, value === true ? {} : value).onlyKnown(names);
  const read = (name: keyof typeof OUTBOX_OPTION_DEFAULTS, minimum: number, maximum?: number) =>
    given.count(name, minimum, maximum) ?? OUTBOX_OPTION_DEFAULTS[name];
  return {
    pollIntervalMs: read("poll_interval_ms", 10),
    baseBackoffMs: read("base_backoff_ms", 1),
    maxBackoffMs: read("max_backoff_ms", 1),
    leaseMs: read("lease_ms", 1000),
    batchSize: read("batch_size", 1, MAX_OUTBOX_BATCH_SIZE),
    concurrency: read("concurrency", 1),
    reportIntervalMs: read("report_interval_ms", 0),
    keepDeliveredMs: read("keep_delivered_hours", 0) * 3_600_000,
    keepDeadMs: read("keep_dead_days", 0) * 86_400_000,
  };
}
