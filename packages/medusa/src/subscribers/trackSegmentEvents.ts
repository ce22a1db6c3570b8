import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework";
import type SegmentService from "../modules/segment/service";
import { TRACKABLE_EVENTS } from "../lib/trackableEvents";

/**
 * Every commerce event goes to the mappings; events without a mapping cost nothing.
 * Subscribing to all of them lets a store map any Medusa event with a file, no code.
 */
export default async function trackSegmentEvents({ event, container }: SubscriberArgs<unknown>): Promise<void> {
  await container.resolve<SegmentService>("segmentService").trackEvent(event, container);
}

export const config: SubscriberConfig = {
  event: TRACKABLE_EVENTS,
  context: { subscriberId: "trackmap-segment" },
};
