import type { OutboxOptions } from "@trackmap/core/host";

interface StoreProcessOptions {
  /** The runner's database (its `dbConfig.clientUrl`): the child shares it with the test. */
  databaseUrl: string;
  /** The local Segment server the plugin delivers to, with the tests' write key. */
  segmentUrl: string;
  /** The Segment client's batch size and flush interval (ms), and retries before the outbox takes over. */
  flushAt?: number;
  flushIntervalMs?: number;
  maxRetries?: number;
  /** The outbox's options, compressed for a test (a lease of seconds, not minutes). */
  outbox?: OutboxOptions;
  /** Medusa's log level; "error" keeps a script's JSON output alone on stdout. */
  logLevel?: "error" | "info";
}

/**
 * The environment of a child Medusa process of the store under test (startMedusaProcess): what
 * medusa-config.js reads to point the plugin at the test's database and Segment server, and the
 * timings the spec sets. Options left out keep the plugin's defaults.
 */
export function storeProcessEnv(options: StoreProcessOptions): Record<string, string> {
  const env: Record<string, string> = {
    DATABASE_URL: options.databaseUrl,
    SEGMENT_WRITE_KEY: "test-write-key",
    SEGMENT_HOST: options.segmentUrl,
  };
  if (options.flushAt !== undefined) env.SEGMENT_FLUSH_AT = String(options.flushAt);
  if (options.flushIntervalMs !== undefined) env.SEGMENT_FLUSH_INTERVAL = String(options.flushIntervalMs);
  if (options.maxRetries !== undefined) env.SEGMENT_MAX_RETRIES = String(options.maxRetries);
  if (options.outbox) env.TRACKMAP_OUTBOX = JSON.stringify(options.outbox);
  if (options.logLevel) env.LOG_LEVEL = options.logLevel;
  return env;
}
