import type { MedusaContainer } from "@medusajs/framework/types";
import { cancelOrderWorkflow } from "@medusajs/medusa/core-flows";
import { runAndWaitFor, type EmittedEvent } from "./events";

/**
 * Cancels an order as the admin does (POST /admin/orders/:id/cancel): uncaptured payments are
 * canceled, captured ones refunded, reservations released. Medusa refuses orders that have
 * fulfillments that are not canceled. Emits `order.canceled` ({ id }).
 */
export async function cancelOrder(container: MedusaContainer, orderId: string): Promise<{ orderId: string; event: EmittedEvent<{ id: string }> }> {
  const { event } = await runAndWaitFor<unknown, { id: string }>(
    container,
    "order.canceled",
    () => cancelOrderWorkflow(container).run({ input: { order_id: orderId } }),
    (data) => data.id === orderId,
  );
  return { orderId, event };
}
