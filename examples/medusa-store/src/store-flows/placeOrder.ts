import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import {
  addShippingMethodToCartWorkflow,
  completeCartWorkflow,
  createCartWorkflow,
  createPaymentCollectionForCartWorkflow,
  createPaymentSessionsWorkflow,
} from "@medusajs/medusa/core-flows";
import { ADDRESSES } from "./addresses";
import { createCustomer, uniqueEmail } from "./customers";
import { runAndWaitFor, type EmittedEvent } from "./events";
import type { RegionKey } from "./seed/regions";
import { type Seed, variantId } from "./seedStore";

export type OrderItem = { sku: string; quantity?: number };

export type PlaceOrderOptions = {
  /**
   * "registered": a new customer with an account is created first (emits customer.created);
   * "guest": only an email, Medusa then attaches a customer without account itself;
   * `{ id, email }`: an existing customer.
   */
  customer: "registered" | "guest" | { id: string; email: string };
  /** Variants by SKU (see `Seed.variants`); quantity defaults to 1. */
  items: OrderItem[];
  /** Which seeded region, so which currency and tax rule: "eu" (default) EUR + 19 % (Berlin address), "at" EUR tax-inclusive, "jp" JPY. */
  region?: RegionKey;
  /** A promotion code, e.g. `seed.promotion.code`. */
  promotion?: string;
  /**
   * false: no shipping address and no shipping method, only for items that need no shipping.
   * In a one-country region Medusa still fills in an address holding that country; in "eu"
   * (two countries) the order has none, and so no tax lines either (tax follows the address).
   */
  shippingAddress?: boolean;
  /** Cart metadata, e.g. a storefront's Segment anonymousId. */
  metadata?: Record<string, unknown>;
  email?: string;
};

export type PlacedOrder = {
  orderId: string;
  cartId: string;
  customerId: string;
  email: string;
  event: EmittedEvent<{ id: string }>;
  /** How long completeCartWorkflow took: the order placement a shopper waits for (ms). */
  completionMs: number;
};

/**
 * Checks out like a storefront does, with the workflows behind the store API: create the cart
 * (items, addresses, promotion), pick the shipping option, open a payment collection with a
 * session on the system provider (`pp_system_default`, which authorises at once), complete the
 * cart. Resolves once `order.placed` ({ id }) was published.
 */
export async function placeOrder(container: MedusaContainer, seed: Seed, options: PlaceOrderOptions): Promise<PlacedOrder> {
  const region = seed.regions[options.region ?? "eu"];
  const address = ADDRESSES[options.region ?? "eu"];
  const { customerId, email } = await resolveCustomer(container, options);

  const { result: cart } = await createCartWorkflow(container).run({
    input: {
      region_id: region.id,
      sales_channel_id: seed.salesChannelId,
      currency_code: region.currency_code,
      email,
      customer_id: customerId,
      shipping_address: options.shippingAddress === false ? undefined : address,
      billing_address: address,
      items: options.items.map((item) => ({ variant_id: variantId(seed, item.sku), quantity: item.quantity ?? 1 })),
      promo_codes: options.promotion ? [options.promotion] : undefined,
      metadata: options.metadata,
    },
  });

  if (options.shippingAddress !== false && (await needsShipping(container, cart.id))) {
    await addShippingMethodToCartWorkflow(container).run({ input: { cart_id: cart.id, options: [{ id: seed.shippingOptionId }] } });
  }

  // Created after the shipping method, so that the collection's amount is the final total.
  const { result: collection } = await createPaymentCollectionForCartWorkflow(container).run({ input: { cart_id: cart.id } });
  await createPaymentSessionsWorkflow(container).run({
    input: { payment_collection_id: collection.id, provider_id: "pp_system_default" },
  });

  let completionMs = 0;
  const { result: order, event } = await runAndWaitFor<{ id: string }, { id: string }>(
    container,
    "order.placed",
    async () => {
      const started = performance.now();
      const { result } = await completeCartWorkflow(container).run({ input: { id: cart.id } });
      completionMs = performance.now() - started;
      return result;
    },
    (data, placed) => data.id === placed.id,
  );
  const customer = await orderCustomer(container, order.id);
  return { orderId: order.id, cartId: cart.id, customerId: customer, email, event, completionMs };
}

async function resolveCustomer(container: MedusaContainer, options: PlaceOrderOptions): Promise<{ customerId?: string; email: string }> {
  if (options.customer === "guest") return { email: options.email ?? uniqueEmail("guest") };
  if (options.customer === "registered") {
    const { customerId, email } = await createCustomer(container, { email: options.email });
    return { customerId, email };
  }
  return { customerId: options.customer.id, email: options.customer.email };
}

/** Medusa decides per line (shipping profile / inventory) whether it ships; ask it. */
async function needsShipping(container: MedusaContainer, cartId: string): Promise<boolean> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const {
    data: [cart],
  } = await query.graph({ entity: "cart", fields: ["items.requires_shipping"], filters: { id: cartId } });
  return (cart.items ?? []).some((item: { requires_shipping?: boolean } | null) => item?.requires_shipping);
}

/** Guests get a customer too (has_account: false), attached by the cart flow. */
async function orderCustomer(container: MedusaContainer, orderId: string): Promise<string> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const {
    data: [order],
  } = await query.graph({ entity: "order", fields: ["customer_id"], filters: { id: orderId } });
  return order.customer_id as string;
}
