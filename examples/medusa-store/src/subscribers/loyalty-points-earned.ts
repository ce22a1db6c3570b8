import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework";
import type { SegmentService } from "@trackmap/medusa/modules/segment";

/** A custom event of this store, tracked by its mapping file: one line of code. */
export default async function loyaltyPointsEarned({ event, container }: SubscriberArgs<unknown>) {
  await container.resolve<SegmentService>("segmentService").trackEvent(event, container);
}

export const config: SubscriberConfig = { event: "loyalty.points_earned" };
