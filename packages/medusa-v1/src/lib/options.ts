import {
  HOST_OPTION_NAMES,
  OptionReader,
  readHostOptions,
  type HostOptions,
  type ReportingOptions,
  type ResolvedHostOptions,
} from "@trackmap/core/host";

/**
 * The plugin's options, as a Medusa v1 store writes them in medusa-config.js: the same entry as
 * medusa-plugin-segment's, with trackmap's package name.
 *
 *     { resolve: "@trackmap/medusa-v1", options: { write_key: process.env.SEGMENT_WRITE_KEY } }
 */
export interface SegmentPluginOptions extends HostOptions {
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
}

/** What the plugin works with, after checking and defaults. */
export interface ResolvedOptions extends ResolvedHostOptions {
  /** What mappings see as `$reporting`. */
  reporting: ReportingOptions;
  /** What mappings see as `$plugin`: the switches that change what they send. */
  plugin: { use_ga_id: boolean; spec_amounts: boolean };
  /** Options accepted for compatibility that do nothing any more, to be told at start-up. */
  ignored: string[];
}

/** medusa-plugin-segment's options first, as its users know them, then trackmap's. */
const KNOWN = [
  "write_key",
  "use_ga_id",
  "reporting_currency",
  "exchange_rates",
  "exchange_rates_api_key",
  "spec_amounts",
  ...HOST_OPTION_NAMES.filter((name) => name !== "write_key"),
];
export const PACKAGE_NAME = "@trackmap/medusa-v1";
const IGNORED = ["exchange_rates_api_key"];
const DEFAULT_REPORTING_CURRENCY = "EUR";

/**
 * Checks the options and names the wrong one (`TM_INVALID_OPTIONS`). The write key is never put
 * in a message.
 */
export function resolveOptions(raw: unknown): ResolvedOptions {
  const options = new OptionReader(PACKAGE_NAME, raw).onlyKnown(KNOWN);
  return {
    ...readHostOptions(options),
    // medusa-plugin-segment always reported in a currency: EUR unless told otherwise.
    reporting: options.reporting("reporting_currency", "exchange_rates", DEFAULT_REPORTING_CURRENCY),
    plugin: { use_ga_id: options.flag("use_ga_id"), spec_amounts: options.flag("spec_amounts") },
    ignored: IGNORED.filter((key) => options.raw(key) !== undefined && options.raw(key) !== null && options.raw(key) !== ""),
  };
}

/** Start-up notes for options accepted for compatibility that do nothing any more. */
export function ignoredOptionNotes({ ignored }: ResolvedOptions): string[] {
  return ignored.map((option) => `option "${option}" is ignored: exchange rates come from the exchange_rates option, never from the network`);
}
