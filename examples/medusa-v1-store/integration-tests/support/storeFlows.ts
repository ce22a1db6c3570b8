/**
 * What a storefront and an admin do with a Medusa v1 store, through its REST API: every event the
 * tests look at is emitted by Medusa's own routes and services.
 */

export interface StoreClient {
  store<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  admin<T = any>(method: string, path: string, body?: unknown): Promise<T>;
}

const ADMIN_TOKEN = "test-admin-token"; // seed.json's admin user

export function storeClient(url: string): StoreClient {
  const call = async (method: string, path: string, body: unknown, headers: Record<string, string>) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    store: (method, path, body, headers = {}) => call(method, path, body, headers),
    admin: (method, path, body) => call(method, path, body, { "x-medusa-access-token": ADMIN_TOKEN }),
  };
}

export interface PlaceOrderInput {
  region: "Germany" | "Benelux" | "United States" | "Japan";
  items: Array<{ sku: string; quantity?: number }>;
  email?: string;
  /** Set false for no shipping address at all (the Benelux region has two countries: none by default). */
  address?: false | { first_name?: string; last_name?: string; country_code: string; city?: string };
  /** The storefront's cart context: ga_id for use_ga_id. */
  context?: Record<string, unknown>;
  userAgent?: string;
  /** A line without a variant, as an admin adds to a draft order (gift wrapping). */
  customItem?: { title: string; unit_price: number; quantity: number };
}

/** Ids by name, looked up once per client. */
export async function lookups(client: StoreClient) {
  const { regions } = await client.store("GET", "/store/regions");
  const { products } = await client.store("GET", "/store/products?limit=50");
  const variants: Record<string, string> = {};
  for (const product of products) for (const variant of product.variants) variants[variant.sku] = variant.id;
  const regionId = (name: string) => regions.find((r: any) => r.name === name)?.id as string;
  return { regionId, variants, products };
}

/**
 * A storefront checkout: cart, lines, email and address, shipping method, payment session,
 * completion (POST /store/carts/:id/complete), which emits order.placed. A custom line is added
 * through a draft order instead, as an admin would (store carts take only variants).
 */
export async function placeOrder(client: StoreClient, input: PlaceOrderInput): Promise<any> {
  const { regionId, variants } = await lookups(client);
  const region_id = regionId(input.region);
  if (input.customItem) return placeDraftOrder(client, region_id, variants, input);
  const headers: Record<string, string> = input.userAgent ? { "user-agent": input.userAgent } : {};
  let { cart } = await client.store("POST", "/store/carts", { region_id, context: input.context ?? {} }, headers);
  for (const item of input.items) {
    ({ cart } = await client.store("POST", `/store/carts/${cart.id}/line-items`, { variant_id: variants[item.sku], quantity: item.quantity ?? 1 }));
  }
  const update: Record<string, unknown> = { email: input.email ?? "ada@example.com" };
  if (input.address)
    update.shipping_address = {
      first_name: "Ada",
      last_name: "Lovelace",
      address_1: "Main St 1",
      postal_code: "10115",
      city: "Berlin",
      ...input.address,
    };
  ({ cart } = await client.store("POST", `/store/carts/${cart.id}`, update));
  const { shipping_options } = await client.store("GET", `/store/shipping-options/${cart.id}`);
  await client.store("POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: shipping_options[0].id });
  await client.store("POST", `/store/carts/${cart.id}/payment-sessions`);
  const completed = await client.store("POST", `/store/carts/${cart.id}/complete`);
  if (completed.type !== "order") throw new Error(`cart not completed: ${JSON.stringify(completed)}`);
  return completed.data;
}

async function placeDraftOrder(client: StoreClient, region_id: string, variants: Record<string, string>, input: PlaceOrderInput): Promise<any> {
  const { shipping_options } = await client.admin("GET", `/admin/shipping-options?region_id=${region_id}&is_return=false`);
  const { draft_order } = await client.admin("POST", "/admin/draft-orders", {
    email: input.email ?? "ada@example.com",
    region_id,
    items: [...input.items.map((item) => ({ variant_id: variants[item.sku], quantity: item.quantity ?? 1 })), input.customItem],
    shipping_address: input.address
      ? { first_name: "Ada", last_name: "Lovelace", address_1: "Main St 1", postal_code: "10115", ...input.address }
      : undefined,
    shipping_methods: [{ option_id: shipping_options[0].id }],
  });
  const { order } = await client.admin("POST", `/admin/draft-orders/${draft_order.id}/pay`);
  return order;
}

/** Captures the payment (needed before refunds), fulfils the given lines (all by default), ships. */
export async function fulfillAndShip(client: StoreClient, orderId: string, lines?: Array<{ item_id: string; quantity: number }>) {
  let { order } = await client.admin("GET", `/admin/orders/${orderId}`);
  if (order.payment_status !== "captured") ({ order } = await client.admin("POST", `/admin/orders/${orderId}/capture`));
  const items = lines ?? order.items.map((item: any) => ({ item_id: item.id, quantity: item.quantity }));
  ({ order } = await client.admin("POST", `/admin/orders/${orderId}/fulfillment`, { items }));
  const fulfillment = order.fulfillments[order.fulfillments.length - 1];
  ({ order } = await client.admin("POST", `/admin/orders/${orderId}/shipment`, { fulfillment_id: fulfillment.id, tracking_numbers: ["TRACK-1"] }));
  return { order, fulfillmentId: fulfillment.id as string };
}

export async function cancelOrder(client: StoreClient, orderId: string) {
  return (await client.admin("POST", `/admin/orders/${orderId}/cancel`)).order;
}

/** A return requested by the admin (no receive_now), then received: Medusa emits order.items_returned. */
export async function requestAndReceiveReturn(
  client: StoreClient,
  orderId: string,
  items: Array<{ item_id: string; quantity: number; reason_id?: string; note?: string }>,
) {
  const { order } = await client.admin("POST", `/admin/orders/${orderId}/return`, { items, receive_now: false });
  const requested = order.returns[order.returns.length - 1];
  const { return: received } = await client.admin("POST", `/admin/returns/${requested.id}/receive`, {
    items: items.map(({ item_id, quantity }) => ({ item_id, quantity })),
  });
  return received;
}

export async function createReturnReason(client: StoreClient, value: string, label: string): Promise<string> {
  return (await client.admin("POST", "/admin/return-reasons", { value, label })).return_reason.id;
}

/** A refund claim on a shipped order's line: Medusa emits claim.created. */
export async function createRefundClaim(client: StoreClient, orderId: string, item: { item_id: string; quantity: number; note?: string }) {
  const { order } = await client.admin("POST", `/admin/orders/${orderId}/claims`, {
    type: "refund",
    claim_items: [{ ...item, reason: "production_failure", tags: ["damaged"] }],
  });
  return order.claims[order.claims.length - 1];
}

/**
 * A swap (exchange) of a shipped line for another variant: created by the admin (swap.created),
 * paid by completing the swap's cart (swap.payment_completed), fulfilled and shipped
 * (swap.shipment_created).
 */
export async function swapAndShip(client: StoreClient, orderId: string, returned: { item_id: string; quantity: number }, newVariantId: string) {
  let { order } = await client.admin("POST", `/admin/orders/${orderId}/swaps`, {
    return_items: [returned],
    additional_items: [{ variant_id: newVariantId, quantity: returned.quantity }],
    no_notification: true,
  });
  const swap = order.swaps[order.swaps.length - 1];
  const { shipping_options } = await client.store("GET", `/store/shipping-options/${swap.cart_id}`);
  await client.store("POST", `/store/carts/${swap.cart_id}/shipping-methods`, { option_id: shipping_options[0].id });
  await client.store("POST", `/store/carts/${swap.cart_id}/payment-sessions`);
  const completed = await client.store("POST", `/store/carts/${swap.cart_id}/complete`);
  if (completed.type !== "swap") throw new Error(`swap cart not completed: ${JSON.stringify(completed).slice(0, 500)}`);
  ({ order } = await client.admin("POST", `/admin/orders/${orderId}/swaps/${swap.id}/fulfillments`, {}));
  const paid = order.swaps.find((s: any) => s.id === swap.id);
  const fulfillment = paid.fulfillments[paid.fulfillments.length - 1];
  await client.admin("POST", `/admin/orders/${orderId}/swaps/${swap.id}/shipments`, { fulfillment_id: fulfillment.id, tracking_numbers: ["SWAP-1"] });
  return { swapId: swap.id as string, fulfillmentId: fulfillment.id as string };
}

/** A customer who signs up with a password (POST /store/customers): Medusa emits customer.created with the whole record. */
export async function registerCustomer(client: StoreClient, email: string) {
  return (await client.store("POST", "/store/customers", { first_name: "Grace", last_name: "Hopper", email, password: "s3cret-pass" })).customer;
}

/** The admin deletes a product (its variants are soft-deleted with it). */
export async function deleteProduct(client: StoreClient, productId: string) {
  await client.admin("DELETE", `/admin/products/${productId}`);
}
