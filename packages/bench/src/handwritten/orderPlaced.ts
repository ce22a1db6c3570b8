import { createHash } from "node:crypto";
import { currency, money } from "@trackmap/core";

/**
 * The default order.placed mapping (Order Completed + identify) written by hand in TypeScript,
 * as medusa-plugin-segment did: the practical lower bound of what a mapping can cost. The
 * benchmark checks that it gives the same calls as trackmap.
 */

// biome-ignore lint/suspicious/noExplicitAny: read as medusa-plugin-segment read orders, untyped; that is the point of comparison.
type Json = Record<string, any>;

const PRODUCTS_BUDGET = 28000;
const SLIM_FIELDS = ["product_id", "sku", "name", "price", "quantity", "position"];

const present = (v: unknown) => v !== null && v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0);
const compact = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => present(v)));
const jsonSize = (v: unknown) => Buffer.byteLength(JSON.stringify(v));
const join = (codes: unknown[]) => {
  const distinct = [...new Set(codes.filter((c) => c !== undefined && c !== null))];
  return distinct.length ? distinct.join(",") : undefined;
};

function userId(order: Json): string | undefined {
  return order.customer?.has_account === true ? order.customer_id : undefined;
}

function anonymousId(order: Json): string | undefined {
  const stored = order.metadata?.segment_anonymous_id || order.cart?.metadata?.segment_anonymous_id;
  return stored || (userId(order) === undefined ? order.customer_id : undefined);
}

function context(order: Json): Json | undefined {
  const c = compact({
    ip: order.metadata?.ip || order.cart?.metadata?.ip,
    userAgent: order.metadata?.user_agent || order.cart?.metadata?.user_agent,
  });
  return Object.keys(c).length ? c : undefined;
}

function amounts(order: Json): Json {
  const c = order.currency_code;
  const n = (v: unknown) => (typeof v === "number" ? v : 0);
  const total = money(n(order.total), c)!;
  const tax = money(n(order.tax_total), c)!;
  const shipping = money(n(order.shipping_total) - n(order.shipping_tax_total), c)!;
  const subtotal = money(total - tax - shipping, c)!;
  return { total, subtotal, revenue: subtotal, shipping, tax, discount: money(n(order.discount_subtotal), c) };
}

function product(item: Json, index: number, currencyCode: string): Json {
  return compact({
    product_id: item.product_id,
    sku: item.variant_sku,
    category: item.variant?.product?.categories?.[0]?.name || item.product_collection,
    name: item.product_title || item.title,
    brand: item.variant?.product?.metadata?.brand,
    variant: item.variant_title,
    price: money(item.unit_price, currencyCode),
    quantity: item.quantity,
    coupon: join((item.adjustments ?? []).map((a: Json) => a.code)),
    position: index + 1,
    url: item.product_handle ? `/products/${item.product_handle}` : undefined,
    image_url: item.thumbnail,
  });
}

function productsWithin(all: Json[]): Json {
  let sent = all;
  if (jsonSize(all) > PRODUCTS_BUDGET) {
    sent = all.map((p) => Object.fromEntries(SLIM_FIELDS.filter((k) => k in p).map((k) => [k, p[k]])));
    if (jsonSize(sent) > PRODUCTS_BUDGET) sent = sent.slice(0, Math.floor(PRODUCTS_BUDGET / (jsonSize(sent) / sent.length)));
  }
  return sent.length < all.length ? { products: sent, products_truncated: true, product_count: all.length } : { products: sent };
}

function isDraft(order: Json): boolean {
  return order.is_draft_order === true || order.cart?.id === undefined;
}

function messageId(...parts: unknown[]): string {
  return `hw-${createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 32)}`;
}

export function mapOrderPlacedByHand(event: { name: string; data: unknown }, order: Json): Json[] {
  const user = userId(order);
  const anonymous = anonymousId(order);
  const placedAt = new Date(isDraft(order) && order.updated_at ? order.updated_at : order.created_at).toISOString();
  const coupon = join([
    ...(order.items ?? []).flatMap((i: Json) => (i.adjustments ?? []).map((a: Json) => a.code)),
    ...(order.shipping_methods ?? []).flatMap((m: Json) => (m.adjustments ?? []).map((a: Json) => a.code)),
  ]);
  const properties = {
    ...compact({
      checkout_id: order.cart?.id,
      order_id: order.id,
      order_number: order.display_id,
      affiliation: order.sales_channel?.name,
      coupon,
      currency: currency(order.currency_code),
      email: order.email,
      region_id: order.region_id,
      payment_provider: order.payment_collections?.[0]?.payments?.[0]?.provider_id,
      shipping_country: order.shipping_address?.country_code?.toUpperCase(),
      shipping_city: order.shipping_address?.city,
    }),
    ...amounts(order),
    ...productsWithin((order.items ?? []).map((item: Json, i: number) => product(item, i, order.currency_code))),
    ...(isDraft(order) ? { draft_order: true } : {}),
  };
  const calls: Json[] = [
    compact({
      type: "track",
      event: "Order Completed",
      userId: user,
      anonymousId: anonymous,
      timestamp: placedAt,
      context: context(order),
      properties,
      messageId: messageId(event.name, event.data, "track"),
    }),
  ];
  if (user) {
    calls.push(
      compact({
        type: "identify",
        userId: user,
        anonymousId: anonymous,
        timestamp: placedAt,
        traits: compact({
          email: order.email,
          firstName: order.customer?.first_name || order.shipping_address?.first_name,
          lastName: order.customer?.last_name || order.shipping_address?.last_name,
          phone: order.customer?.phone,
        }),
        messageId: messageId(event.name, event.data, "identify"),
      }),
    );
  }
  return calls;
}
