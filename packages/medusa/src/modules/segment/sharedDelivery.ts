import { deliverySettings, trackmapLog } from "./createDestination";
import type { ResolvedOptions } from "./options";
import { SegmentDelivery, type DeliveryDependencies } from "./segmentDelivery";

/** A user's hold on a shared delivery: `release()` closes it when the last user lets go. */
export interface DeliveryLease {
  readonly delivery: SegmentDelivery;
  release(): Promise<void>;
}

interface Shared {
  delivery: SegmentDelivery;
  users: number;
}

/** Per database connection, the deliveries of this process, by their settings. */
const deliveries = new WeakMap<object, Map<string, Shared>>();
/** The key of deliveries made where Medusa gave no connection (a dry run does not need one). */
const NO_CONNECTION = {};

/**
 * The delivery for these settings on this database, shared by everything in the process that
 * sends with them: the plugin's `segmentService` and the Analytics Module provider send through
 * one outbox, one poller and one Segment client, and the start-up check and the figures are
 * logged once.
 */
export function acquireDelivery(options: ResolvedOptions, dependencies: DeliveryDependencies): DeliveryLease {
  const settings = deliverySettings(options);
  const connection = dependencies.connection ?? NO_CONNECTION;
  const byKey = deliveries.get(connection) ?? new Map<string, Shared>();
  deliveries.set(connection, byKey);
  const key = JSON.stringify(settings);
  let shared = byKey.get(key);
  if (!shared) {
    if (byKey.size && settings.outbox) {
      trackmapLog(dependencies.logger).warn(
        "the plugin and the Analytics Module provider have different options but share the outbox table: " +
          "either may send the other's calls, with its own write key. Give them the same options.",
      );
    }
    shared = { delivery: new SegmentDelivery(settings, dependencies), users: 0 };
    byKey.set(key, shared);
  }
  shared.users++;
  const held = shared;
  let released: Promise<void> | undefined;
  return {
    delivery: held.delivery,
    release() {
      released ??= (async () => {
        if (--held.users > 0) return;
        byKey.delete(key);
        await held.delivery.close();
      })();
      return released;
    },
  };
}
