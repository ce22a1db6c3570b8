import { defineWidgetConfig } from "@medusajs/admin-sdk";
import { EntityCallsWidget } from "../components/EntityCallsWidget";

/** On a customer's page: the Segment calls made for them and for their orders. */
export default function CustomerSegmentCalls({ data }: { data: { id: string } }) {
  return <EntityCallsWidget entityId={data.id} what="customer" />;
}

export const config = defineWidgetConfig({ zone: "customer.details" });
