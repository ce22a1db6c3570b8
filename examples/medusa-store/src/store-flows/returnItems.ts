import type { MedusaContainer } from "@medusajs/framework/types";
import {
  beginReceiveReturnWorkflow,
  beginReturnOrderWorkflow,
  confirmReturnReceiveWorkflow,
  confirmReturnRequestWorkflow,
  createReturnShippingMethodWorkflow,
  receiveItemReturnRequestWorkflow,
  requestItemReturnWorkflow,
} from "@medusajs/medusa/core-flows";
import { runAndWaitFor, type EmittedEvent } from "./events";
import type { ReturnReasonKey } from "./seed/returnReasons";
import type { Seed } from "./seedStore";

export type ReturnItem = {
  /** The order line id. Only fulfilled quantities can be returned. */
  id: string;
  quantity: number;
  reason?: ReturnReasonKey;
  /** Stored as the return item's `note` (Medusa copies the request's internal note there). */
  note?: string;
};

/**
 * A return as the admin runs it, request then reception:
 * beginReturnOrderWorkflow → requestItemReturnWorkflow → createReturnShippingMethodWorkflow →
 * confirmReturnRequestWorkflow (emits order.return_requested), then beginReceiveReturnWorkflow →
 * receiveItemReturnRequestWorkflow → confirmReturnReceiveWorkflow, which restocks and emits
 * `order.return_received` ({ order_id, return_id }).
 */
export async function returnItems(
  container: MedusaContainer,
  seed: Seed,
  orderId: string,
  { items, description }: { items: ReturnItem[]; description?: string },
): Promise<{ returnId: string; event: EmittedEvent<{ order_id: string; return_id: string }> }> {
  // The location receives the goods (and is restocked); Medusa refuses to receive without one.
  const { result: change } = await beginReturnOrderWorkflow(container).run({
    input: { order_id: orderId, location_id: seed.stockLocationId, description },
  });
  const returnId = change.return_id!;
  await requestItemReturnWorkflow(container).run({
    input: {
      return_id: returnId,
      items: items.map((item) => ({
        id: item.id,
        quantity: item.quantity,
        reason_id: item.reason ? seed.returnReasons[item.reason] : undefined,
        internal_note: item.note,
      })),
    },
  });
  await createReturnShippingMethodWorkflow(container).run({
    input: { return_id: returnId, shipping_option_id: seed.returnShippingOptionId },
  });
  await confirmReturnRequestWorkflow(container).run({ input: { return_id: returnId } });

  await beginReceiveReturnWorkflow(container).run({ input: { return_id: returnId } });
  await receiveItemReturnRequestWorkflow(container).run({
    input: { return_id: returnId, items: items.map((item) => ({ id: item.id, quantity: item.quantity })) },
  });
  const { event } = await runAndWaitFor<unknown, { order_id: string; return_id: string }>(
    container,
    "order.return_received",
    () => confirmReturnReceiveWorkflow(container).run({ input: { return_id: returnId } }),
    (data) => data.return_id === returnId,
  );
  return { returnId, event };
}
