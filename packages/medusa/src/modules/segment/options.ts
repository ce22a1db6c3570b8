import {
  HOST_OPTION_NAMES,
  OptionReader,
  readHostOptions,
  type HostOptions,
  type ReportingOptions,
  type ResolvedHostOptions,
} from "@trackmap/core";

/**
 * The plugin's options, as a store writes them in medusa-config:
 *
 *     plugins: [{ resolve: "@trackmap/medusa", options: { write_key: process.env.SEGMENT_WRITE_KEY } }]
 */
export interface TrackmapPluginOptions extends HostOptions {
  /** Adds reporting_* amounts in this currency (e.g. "EUR") to order events, like v1's option. */
  reporting_currency?: string;
  /** Units of the reporting currency per unit of each order currency, e.g. { USD: 0.92, JPY: 0.0062 }. */
  exchange_rates?: Record<string, number>;
}

/** What the plugin works with, after checking and defaults. */
export interface ResolvedOptions extends ResolvedHostOptions {
  /** What mappings see as `$reporting`, when a reporting currency is set. */
  reporting?: ReportingOptions;
}

const KNOWN = [...HOST_OPTION_NAMES, "reporting_currency", "exchange_rates"];
/** Keys Medusa adds to every module's options by itself. */
const ADDED_BY_MEDUSA = ["database", "providers"];
const OWNER = "@trackmap/medusa";

/**
 * Checks the options and names the wrong one; the plugin does not start with bad options.
 * The write key is never put in a message.
 */
export function resolveOptions(raw: unknown): ResolvedOptions {
  const options = new OptionReader(OWNER, raw).onlyKnown(KNOWN, ADDED_BY_MEDUSA);
  return { ...readHostOptions(options), reporting: options.reporting("reporting_currency", "exchange_rates") };
}
