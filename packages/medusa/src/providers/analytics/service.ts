import type { Logger, ProviderIdentifyAnalyticsEventDTO, ProviderTrackAnalyticsEventDTO } from "@medusajs/framework/types";
import { AbstractAnalyticsProviderService } from "@medusajs/framework/utils";
import type { Destination, JsonObject } from "@trackmap/core";
import { createDestination } from "../../modules/segment/createDestination";
import { sendCheckedCall } from "../../modules/segment/sendCheckedCall";
import { resolveOptions, type ResolvedOptions, type TrackmapPluginOptions } from "../../modules/segment/options";

/**
 * A provider for Medusa's Analytics Module: code that calls Medusa's analytics service
 * sends to Segment through trackmap's validation and delivery. `actor_id` becomes the
 * userId; a `group` becomes a Segment group call (identify) or a groupId in context (track).
 */
export class TrackmapAnalyticsProvider extends AbstractAnalyticsProviderService {
  static identifier = "trackmap-segment";

  private readonly options: ResolvedOptions;
  private readonly destination: Destination;

  constructor({ logger }: { logger: Logger }, options: TrackmapPluginOptions) {
    super();
    this.options = resolveOptions(options);
    this.destination = createDestination(this.options, logger);
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

  async shutdown(): Promise<void> {
    await this.destination.close({ timeoutMs: 10_000 });
  }

  private send(call: JsonObject & { type: string }): Promise<void> {
    return sendCheckedCall(this.destination, call, this.options.redact, "analytics ");
  }
}
