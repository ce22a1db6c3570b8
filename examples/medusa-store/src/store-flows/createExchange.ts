import type { MedusaContainer } from "@medusajs/framework/types";
import {
  beginExchangeOrderWorkflow,
  confirmExchangeRequestWorkflow,
  createExchangeShippingMethodWorkflow,
  orderExchangeAddNewItemWorkflow,
  orderExchangeRequestItemReturnWorkflow,
} from "@medusajs/medusa/core-flows";
import { runAndWaitFor, type EmittedEvent } from "./events";
import type { OrderItem } from "./placeOrder";
import type { ReturnItem } from "./returnItems";
import { type Seed, variantId } from "./seedStore";

/**
 * An exchange (v1's swap) as the admin makes it: beginExchangeOrderWorkflow →
 * orderExchangeRequestItemReturnWorkflow (inbound: fulfilled lines coming back, creates the
 * exchange's return) → orderExchangeAddNewItemWorkflow (outbound: new variants) → outbound and
 * inbound shipping methods → confirmExchangeRequestWorkflow, which emits
 * `order.exchange_created` ({ order_id, exchange_id }). Medusa requires at least one item each way.
 */
export async function createExchange(
  container: MedusaContainer,
  seed: Seed,
  orderId: string,
  { returnItems, newItems }: { returnItems: ReturnItem[]; newItems: OrderItem[] },
): Promise<{ exchangeId: string; returnId: string; event: EmittedEvent<{ order_id: string; exchange_id: string }> }> {
  const { result: change } = await beginExchangeOrderWorkflow(container).run({ input: { order_id: orderId } });
  const exchangeId = change.exchange_id!;

  const { result: preview } = await orderExchangeRequestItemReturnWorkflow(container).run({
    input: {
      exchange_id: exchangeId,
      // Typed as required, but the exchange has no return yet: the workflow creates it (the admin
      // route passes the exchange's return_id, null at this point).
      return_id: undefined as unknown as string,
      location_id: seed.stockLocationId,
      items: returnItems.map((item) => ({
        id: item.id,
        quantity: item.quantity,
        reason_id: item.reason ? seed.returnReasons[item.reason] : undefined,
        internal_note: item.note,
      })),
    },
  });
  const returnId = preview.order_change.return_id!;

  await orderExchangeAddNewItemWorkflow(container).run({
    input: { exchange_id: exchangeId, items: newItems.map((item) => ({ variant_id: variantId(seed, item.sku), quantity: item.quantity ?? 1 })) },
  });
  await createExchangeShippingMethodWorkflow(container).run({ input: { exchange_id: exchangeId, shipping_option_id: seed.shippingOptionId } });
  await createExchangeShippingMethodWorkflow(container).run({
    input: { exchange_id: exchangeId, return_id: returnId, shipping_option_id: seed.returnShippingOptionId },
  });

  const { event } = await runAndWaitFor<unknown, { order_id: string; exchange_id: string }>(
    container,
    "order.exchange_created",
    () => confirmExchangeRequestWorkflow(container).run({ input: { exchange_id: exchangeId } }),
    (data) => data.exchange_id === exchangeId,
  );
  return { exchangeId, returnId, event };
}
