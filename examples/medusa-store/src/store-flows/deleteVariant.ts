import type { MedusaContainer } from "@medusajs/framework/types";
import { deleteProductVariantsWorkflow } from "@medusajs/medusa/core-flows";

/**
 * Deletes (soft-deletes) a variant, as removing it in the admin does, e.g. after it was ordered:
 * the order lines keep their snapshots (variant_sku, product_title, …) but `items.variant` no
 * longer resolves — the case that crashed medusa-plugin-segment v1. Medusa refuses while the
 * variant's inventory item has reservations (a stock-managed variant in an unfulfilled order).
 */
export async function deleteVariant(container: MedusaContainer, variantId: string): Promise<void> {
  await deleteProductVariantsWorkflow(container).run({ input: { ids: [variantId] } });
}
