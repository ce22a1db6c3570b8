import type { Knex } from "@medusajs/framework/mikro-orm/knex";
import type { Logger } from "@medusajs/framework/types";
import { createPostgresOutboxStore } from "@trackmap/core";
import {
  HOST_OPTION_NAMES,
  OptionReader,
  readHostOptions,
  type DeliveryParts,
  type HostOptions,
  type ReportingOptions,
  type ResolvedHostOptions,
} from "@trackmap/core/host";
import { knexSqlClient } from "./outbox/knexSqlClient";

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
export const PACKAGE_NAME = "@trackmap/medusa";
/** The command that creates the outbox's table, named at start-up when it is missing. */
export const MIGRATE_COMMAND = "npx medusa db:migrate";
/** The key of deliveries made where Medusa gave no connection (a dry run does not need one). */
const NO_CONNECTION = {};

/**
 * Checks the options and names the wrong one; the plugin does not start with bad options.
 * The write key is never put in a message.
 */
export function resolveOptions(raw: unknown): ResolvedOptions {
  const options = new OptionReader(PACKAGE_NAME, raw).onlyKnown(KNOWN, ADDED_BY_MEDUSA);
  return { ...readHostOptions(options), reporting: options.reporting("reporting_currency", "exchange_rates") };
}

/**
 * What the plugin's service and the Analytics Module provider give the host runtime: Medusa's
 * logger and the store's database, the outbox's home. With the same options, both send through
 * one delivery per connection (one outbox, one poller, one Segment client).
 */
export function deliveryParts(options: ResolvedOptions, logger: Logger, connection: Knex | undefined): DeliveryParts & { options: ResolvedOptions } {
  return {
    packageName: PACKAGE_NAME,
    options,
    logger,
    store: connection ? createPostgresOutboxStore(knexSqlClient(connection)) : undefined,
    migrateCommand: MIGRATE_COMMAND,
    shareDeliveryIn: connection ?? NO_CONNECTION,
  };
}
