import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import type { SegmentService } from "@trackmap/medusa/modules/segment";

/**
 * The custom subscriber from medusa-plugin-segment's docs (Medusa v1), written for v2:
 * a new customer becomes a "Customer Created" track call. trackmap also removes
 * passwords, secrets, tokens and card data from every call by itself (its redaction list).
 */
export default async function customerCreated({ event, container }: SubscriberArgs<{ id: string }>) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const segmentService = container.resolve<SegmentService>("segmentService");
  const {
    data: [customer],
  } = await query.graph({ entity: "customer", fields: ["*"], filters: { id: event.data.id } });
  if (!customer) return;
  const properties: Record<string, unknown> = { ...customer };
  delete properties.password_hash;
  await segmentService.track({ event: "Customer Created", userId: customer.id, properties });
}

export const config: SubscriberConfig = { event: "customer.created" };
