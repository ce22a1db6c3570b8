import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";

export type OrderLine = {
  id: string;
  variant_sku: string | null;
  quantity: number;
  requires_shipping: boolean;
  fulfilled_quantity: number;
};

/** A line as Query gives it for the fields asked below (quantities are BigNumbers in process). */
type QueriedLine = {
  id: string;
  variant_sku: string | null;
  quantity: unknown;
  requires_shipping: boolean;
  detail?: { fulfilled_quantity?: unknown } | null;
};

/** The order's lines with what the lifecycle helpers need to pick items and quantities. */
export async function orderLines(container: MedusaContainer, orderId: string): Promise<OrderLine[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const {
    data: [order],
  } = await query.graph({
    entity: "order",
    // Not "items.quantity" alone: a line's quantity lives in its order_item detail, and Query
    // returns it only with "items.*" (or "items.detail.quantity").
    fields: ["items.*", "items.detail.*"],
    filters: { id: orderId },
  });
  return (order.items ?? []).map((item: QueriedLine) => ({
    id: item.id,
    variant_sku: item.variant_sku,
    // BigNumber in process: Number() before arithmetic.
    quantity: Number(item.quantity),
    requires_shipping: item.requires_shipping,
    fulfilled_quantity: Number(item.detail?.fulfilled_quantity ?? 0),
  }));
}

/** The line of an order that was placed for a SKU. */
export async function orderLineBySku(container: MedusaContainer, orderId: string, sku: string): Promise<OrderLine> {
  const line = (await orderLines(container, orderId)).find((item) => item.variant_sku === sku);
  if (!line) throw new Error(`Order ${orderId} has no line for SKU ${sku}`);
  return line;
}
