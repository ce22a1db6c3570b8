import type { MedusaContainer } from "@medusajs/framework/types";
import {
  beginClaimOrderWorkflow,
  confirmClaimRequestWorkflow,
  createClaimShippingMethodWorkflow,
  orderClaimAddNewItemWorkflow,
  orderClaimItemWorkflow,
} from "@medusajs/medusa/core-flows";
import { ClaimReason } from "@medusajs/framework/utils";
import { runAndWaitFor, type EmittedEvent } from "./events";
import type { OrderItem } from "./placeOrder";
import { type Seed, variantId } from "./seedStore";

export type ClaimOptions = {
  /** "replace": send new items (`newItems`); "refund": give money back. */
  type: "replace" | "refund";
  /** Claimed order lines (written off the order). */
  items: { id: string; quantity: number; reason?: `${ClaimReason}`; note?: string }[];
  /** Replacements, for type "replace"; default: the same variants again. */
  newItems?: OrderItem[];
};

/**
 * A claim as the admin files it: beginClaimOrderWorkflow → orderClaimItemWorkflow (the claimed
 * lines, with a reason) → for replacements orderClaimAddNewItemWorkflow and an outbound shipping
 * method → confirmClaimRequestWorkflow, which emits `order.claim_created` ({ order_id, claim_id }).
 */
export async function createClaim(
  container: MedusaContainer,
  seed: Seed,
  orderId: string,
  options: ClaimOptions,
): Promise<{ claimId: string; event: EmittedEvent<{ order_id: string; claim_id: string }> }> {
  const { result: change } = await beginClaimOrderWorkflow(container).run({ input: { order_id: orderId, type: options.type } });
  const claimId = change.claim_id!;
  await orderClaimItemWorkflow(container).run({
    input: {
      claim_id: claimId,
      items: options.items.map((item) => ({
        id: item.id,
        quantity: item.quantity,
        reason: (item.reason ?? ClaimReason.PRODUCTION_FAILURE) as ClaimReason,
        internal_note: item.note,
      })),
    },
  });
  if (options.type === "replace") {
    const newItems = options.newItems ?? [];
    if (newItems.length) {
      await orderClaimAddNewItemWorkflow(container).run({
        input: { claim_id: claimId, items: newItems.map((item) => ({ variant_id: variantId(seed, item.sku), quantity: item.quantity ?? 1 })) },
      });
    }
    await createClaimShippingMethodWorkflow(container).run({ input: { claim_id: claimId, shipping_option_id: seed.shippingOptionId } });
  }
  const { event } = await runAndWaitFor<unknown, { order_id: string; claim_id: string }>(
    container,
    "order.claim_created",
    () => confirmClaimRequestWorkflow(container).run({ input: { claim_id: claimId } }),
    (data) => data.claim_id === claimId,
  );
  return { claimId, event };
}
