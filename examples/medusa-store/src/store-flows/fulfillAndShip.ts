import type { MedusaContainer } from "@medusajs/framework/types";
import { createOrderFulfillmentWorkflow, createOrderShipmentWorkflow } from "@medusajs/medusa/core-flows";
import { runAndWaitFor, type EmittedEvent } from "./events";
import { orderLines } from "./orderItems";

export type FulfillAndShipOptions = {
  /** Lines and quantities to ship; default: every line that needs shipping, all of it. */
  items?: { id: string; quantity: number }[];
  labels?: { tracking_number: string; tracking_url: string; label_url: string }[];
};

/**
 * Fulfils and ships as the admin does: createOrderFulfillmentWorkflow (from the warehouse behind
 * the order's shipping option; emits order.fulfillment_created) then createOrderShipmentWorkflow,
 * which marks that fulfillment shipped and emits `shipment.created` with the FULFILLMENT id
 * ({ id, no_notification }): the order is reached through the fulfillment's `order` link.
 */
export async function fulfillAndShip(
  container: MedusaContainer,
  orderId: string,
  options: FulfillAndShipOptions = {},
): Promise<{ fulfillmentId: string; event: EmittedEvent<{ id: string; no_notification?: boolean }> }> {
  const items =
    options.items ??
    (await orderLines(container, orderId))
      .filter((line) => line.requires_shipping && line.quantity > line.fulfilled_quantity)
      .map((line) => ({ id: line.id, quantity: line.quantity - line.fulfilled_quantity }));

  const { result: fulfillment } = await createOrderFulfillmentWorkflow(container).run({ input: { order_id: orderId, items } });

  const labels = options.labels ?? [
    {
      tracking_number: `TRACK-${fulfillment.id.slice(-8)}`,
      tracking_url: `https://tracking.example.com/${fulfillment.id}`,
      label_url: `https://labels.example.com/${fulfillment.id}.pdf`,
    },
  ];
  const { event } = await runAndWaitFor<unknown, { id: string; no_notification?: boolean }>(
    container,
    "shipment.created",
    () => createOrderShipmentWorkflow(container).run({ input: { order_id: orderId, fulfillment_id: fulfillment.id, items, labels } }),
    (data) => data.id === fulfillment.id,
  );
  return { fulfillmentId: fulfillment.id, event };
}
