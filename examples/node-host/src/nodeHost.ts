import { join } from "node:path";
import type { OutboxStore, RecordLoader } from "@trackmap/core";
import { HOST_OPTION_NAMES, HostRuntime, OptionReader, readHostOptions, type HostLog } from "@trackmap/core/host";

/** The records mappings may load, by entity then id (`{ order: { order_1: {...} } }`): this service's "database". */
export type RecordBook = Record<string, Record<string, unknown>>;

/** The runtime of this host: what it hands with each event is the record book to load from. */
export type NodeHost = HostRuntime<RecordBook>;

export interface NodeHostOptions {
  /** The host's options, as a user writes them: write_key, mappings, disable, outbox, ... */
  options: Record<string, unknown>;
  logger?: HostLog;
  /** Where the outbox keeps calls (e.g. createPostgresOutboxStore(new pg.Pool())); without it, no outbox. */
  store?: OutboxStore;
}

const PACKAGE_NAME = "@trackmap/example-node-host";
/** The mappings this host ships; the user's folders (the `mappings` option) are layered over them. */
const SHIPPED_MAPPINGS = join(__dirname, "..", "mappings");

/**
 * A third trackmap host, beside the Medusa plugins: all but the records and the logger is
 * @trackmap/core's host runtime.
 */
export function createNodeHost({ options: raw, logger = console, store }: NodeHostOptions): NodeHost {
  const options = readHostOptions(new OptionReader(PACKAGE_NAME, raw).onlyKnown(HOST_OPTION_NAMES));
  return new HostRuntime<RecordBook>({
    packageName: PACKAGE_NAME,
    options,
    logger,
    shippedMappings: SHIPPED_MAPPINGS,
    recordLoader: bookLoader,
    store,
    serviceName: "nodeHost",
  });
}

/** Loads a record from the book, whole (a database would select the mapping's `fields`). */
function bookLoader(book: RecordBook): RecordLoader {
  return async ({ entity, id }) => book[entity]?.[String(id)] ?? null;
}
