import type { Knex } from "@medusajs/framework/mikro-orm/knex";
import type { Logger, ProviderIdentifyAnalyticsEventDTO, ProviderTrackAnalyticsEventDTO } from "@medusajs/framework/types";
import { AbstractAnalyticsProviderService } from "@medusajs/framework/utils";
import type { JsonObject } from "@trackmap/core";
import { acquireDelivery, type DeliveryLease } from "@trackmap/core/host";
import { deliveryParts, resolveOptions, type ResolvedOptions, type TrackmapPluginOptions } from "../../modules/segment/options";

/**
 * What Medusa gives a provider of the Analytics Module: the module's own container, which holds
 * the logger and, resolved from the app's container, the store's database connection.
 */
interface InjectedDependencies {
  logger: Logger;
  __pg_connection__: Knex;
}

/**
 * A provider for Medusa's Analytics Module: code that calls Medusa's analytics service
 * sends to Segment through trackmap's validation and delivery. `actor_id` becomes the
 * userId; a `group` becomes a Segment group call (identify) or a groupId in context (track).
 * Calls go through the plugin's outbox (the same table, the same guarantees); with the same
 * options as the plugin, through the very same delivery as `segmentService`.
 */
export class TrackmapAnalyticsProvider extends AbstractAnalyticsProviderService {
  static identifier = "trackmap-segment";

  private readonly options: ResolvedOptions;
  private readonly lease: DeliveryLease;

  constructor({ logger, __pg_connection__ }: InjectedDependencies, options: TrackmapPluginOptions) {
    super();
    this.options = resolveOptions(options);
    this.lease = acquireDelivery(deliveryParts(this.options, logger, __pg_connection__));
  }

  async track({ event, actor_id, group, properties }: ProviderTrackAnalyticsEventDTO): Promise<void> {
    await this.send({
      type: "track",
      event,
      userId: actor_id,
      properties: (properties ?? {}) as JsonObject,
      ...(group?.id ? { context: { groupId: group.id } } : {}),
    });
  }

  async identify(data: ProviderIdentifyAnalyticsEventDTO): Promise<void> {
    if ("group" in data && data.group) {
      await this.send({ type: "group", groupId: data.group.id, userId: data.actor_id, traits: (data.properties ?? {}) as JsonObject });
      return;
    }
    await this.send({ type: "identify", userId: data.actor_id, traits: (data.properties ?? {}) as JsonObject });
  }

  /** Called by the Analytics Module at Medusa's shutdown. */
  shutdown(): Promise<void> {
    return this.lease.release();
  }

  private async send(call: JsonObject & { type: string }): Promise<void> {
    await this.lease.delivery.sendChecked(call, this.options.redact, { caller: "analytics " });
  }
}
