import type { MedusaContainer } from "@medusajs/framework/types";
import {
  completeCartWorkflow,
  createCartWorkflow,
  createPaymentCollectionForCartWorkflow,
  createPaymentSessionsWorkflow,
  createRegionsWorkflow,
} from "@medusajs/medusa/core-flows";

/** The shortest real order: a region, a cart with one custom line, paid with the system provider. */
export async function placeSimpleOrder(container: MedusaContainer, countryCode = "de"): Promise<string> {
  const {
    result: [region],
  } = await createRegionsWorkflow(container).run({
    input: { regions: [{ name: `Region ${countryCode}`, currency_code: "eur", countries: [countryCode], payment_providers: ["pp_system_default"] }] },
  });
  return (await placeCustomLineOrder(container, { regionId: region!.id, email: "ada@example.com", unitPrice: 25, quantity: 2 })).id;
}

interface CustomLineOrder {
  /** A region of the store, with the system payment provider. */
  regionId: string;
  email: string;
  unitPrice: number;
  quantity?: number;
}

/** A guest order of one custom line that needs no shipping, in an existing region: cart, payment, completion. */
export async function placeCustomLineOrder(container: MedusaContainer, order: CustomLineOrder): Promise<{ id: string }> {
  const { result: cart } = await createCartWorkflow(container).run({
    input: {
      region_id: order.regionId,
      email: order.email,
      items: [{ title: "Gift card", unit_price: order.unitPrice, quantity: order.quantity ?? 1, requires_shipping: false }],
    },
  });
  const { result: collection } = await createPaymentCollectionForCartWorkflow(container).run({ input: { cart_id: cart.id } });
  await createPaymentSessionsWorkflow(container).run({ input: { payment_collection_id: collection.id, provider_id: "pp_system_default" } });
  const { result: placed } = await completeCartWorkflow(container).run({ input: { id: cart.id } });
  return placed;
}
