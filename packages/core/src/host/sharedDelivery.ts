import type { OutboxStore } from "../deliver/outbox";
import { HostDelivery, type DeliverySettings } from "./hostDelivery";
import { prefixedLog, type HostLog } from "./hostLog";

/** What a host gives for its delivery: its options, logger and database. */
export interface DeliveryParts {
  /** The package the store installed, named in messages, e.g. "@trackmap/medusa". */
  packageName: string;
  /** The host's options (readHostOptions); only the delivery's are used here. */
  options: DeliverySettings;
  /** The host's logger; trackmap's lines start with `[trackmap]`. */
  logger: HostLog;
  /** Where the outbox keeps calls: the store's database. Without it the outbox is off. */
  store?: OutboxStore;
  /** What makes the outbox's table, named when it is missing, e.g. "npx medusa db:migrate". */
  migrateCommand?: string;
  /**
   * Share the delivery with other parts of the process that send with the same options in this
   * scope (in a Medusa v2 store, the Analytics Module provider; the scope is the database connection).
   */
  shareDeliveryIn?: object;
}

/** A user's hold on a shared delivery: `release()` closes it when the last user lets go. */
export interface DeliveryLease {
  readonly delivery: HostDelivery;
  /** Lets go, once (later calls wait for the first); the last user's release closes the delivery within `flushMs`. */
  release(flushMs?: number): Promise<void>;
}

interface Shared {
  delivery: HostDelivery;
  users: number;
}

/** Per scope (a database connection), the deliveries of this process, by their settings. */
const deliveries = new WeakMap<object, Map<string, Shared>>();

/**
 * The delivery for these settings in this scope, shared by everything in the process that sends
 * with them: in a Medusa v2 store the plugin's `segmentService` and the Analytics Module provider
 * send through one outbox, one poller and one Segment client, and the start-up check and the
 * figures are logged once. Without a scope the delivery is the caller's alone.
 */
export function acquireDelivery({ shareDeliveryIn: scope = {}, options, logger, ...parts }: DeliveryParts): DeliveryLease {
  const { writeKey, host, flushAt, flushInterval, maxRetries, requestTimeoutMs, outbox } = options;
  const config = { ...parts, settings: { writeKey, host, flushAt, flushInterval, maxRetries, requestTimeoutMs, outbox }, log: trackmapLog(logger) };
  const byKey = deliveries.get(scope) ?? new Map<string, Shared>();
  deliveries.set(scope, byKey);
  // The settings are built above in a fixed key order (and readOutboxSettings' too): equal settings give equal keys.
  const key = JSON.stringify(config.settings);
  let shared = byKey.get(key);
  if (!shared) {
    if (byKey.size && config.settings.outbox) {
      config.log.warn(
        "two parts of this store send to Segment with different options but share the outbox table: " +
          "either may send the other's calls, with its own write key. Give them the same options.",
      );
    }
    shared = { delivery: new HostDelivery(config), users: 0 };
    byKey.set(key, shared);
  }
  shared.users++;
  const held = shared;
  let released: Promise<void> | undefined;
  return {
    delivery: held.delivery,
    release(flushMs) {
      released ??= (async () => {
        if (--held.users > 0) return;
        byKey.delete(key);
        await held.delivery.close({ timeoutMs: flushMs });
      })();
      return released;
    },
  };
}

/** trackmap's lines in a host's log. */
export function trackmapLog(logger: HostLog): HostLog {
  return prefixedLog(logger, "[trackmap]");
}
