import { defineWidgetConfig } from "@medusajs/admin-sdk";
import { EntityCallsWidget } from "../components/EntityCallsWidget";

/** On an order's page: the Segment calls made for it. */
export default function OrderSegmentCalls({ data }: { data: { id: string } }) {
  return <EntityCallsWidget entityId={data.id} what="order" />;
}

export const config = defineWidgetConfig({ zone: "order.details" });
