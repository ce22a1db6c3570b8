// The custom subscriber of medusa-plugin-segment's documentation, as written there for Medusa 1.18+: it must
// keep working with @trackmap/medusa-v1 in its place.
import type { SubscriberArgs, SubscriberConfig } from "@medusajs/medusa";

export default async function handleCustomerCreated({ data, container }: SubscriberArgs<Record<string, string>>) {
  const segmentService = container.resolve("segmentService");

  const customerData = data;
  delete customerData.password_hash;

  segmentService.track({
    event: "Customer Created",
    userId: data.id,
    properties: customerData,
  });
}

export const config: SubscriberConfig = {
  event: "customer.created",
  context: { subscriberId: "customer-created-handler" },
};
