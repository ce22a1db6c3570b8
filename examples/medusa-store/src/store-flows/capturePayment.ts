import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { capturePaymentWorkflow } from "@medusajs/medusa/core-flows";
import { runAndWaitFor, type EmittedEvent } from "./events";

/**
 * Captures the order's (first) payment in full, as the admin's "Capture payment" does:
 * completing a cart with `pp_system_default` only authorises. Emits `payment.captured` ({ id: payment id }).
 */
export async function capturePayment(
  container: MedusaContainer,
  orderId: string,
): Promise<{ paymentId: string; event: EmittedEvent<{ id: string }> }> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const {
    data: [order],
  } = await query.graph({ entity: "order", fields: ["payment_collections.payments.id"], filters: { id: orderId } });
  const paymentId = order.payment_collections?.[0]?.payments?.[0]?.id;
  if (!paymentId) throw new Error(`Order ${orderId} has no payment to capture`);

  const { event } = await runAndWaitFor<unknown, { id: string }>(
    container,
    "payment.captured",
    () => capturePaymentWorkflow(container).run({ input: { payment_id: paymentId } }),
    (data) => data.id === paymentId,
  );
  return { paymentId, event };
}
