/**
 * Generous Query field lists for fixtures: more than any mapping needs, so that mapping authors
 * can see what Medusa offers and then narrow their `load.fields`. Order totals are asked for by
 * name: Medusa computes them only when requested.
 */
const ORDER_TOTALS = [
  "total",
  "subtotal",
  "tax_total",
  "discount_total",
  "discount_tax_total",
  "discount_subtotal",
  "original_total",
  "original_subtotal",
  "original_tax_total",
  "item_total",
  "item_subtotal",
  "item_tax_total",
  "original_item_total",
  "original_item_subtotal",
  "original_item_tax_total",
  "shipping_total",
  "shipping_subtotal",
  "shipping_tax_total",
  "shipping_discount_total",
  "original_shipping_total",
  "original_shipping_subtotal",
  "original_shipping_tax_total",
  "gift_card_total",
  "gift_card_tax_total",
  "credit_line_total",
  "credit_line_subtotal",
  "credit_line_tax_total",
];

/** An order, with the links a mapping may follow. */
const ORDER = [
  "*",
  ...ORDER_TOTALS,
  "items.*",
  "items.detail.*",
  "items.tax_lines.*",
  "items.adjustments.*",
  "items.variant.*",
  "items.variant.options.*",
  "items.variant.product.*",
  "items.variant.product.type.*",
  "items.variant.product.collection.*",
  "items.variant.product.categories.*",
  "items.variant.product.tags.*",
  "shipping_address.*",
  "billing_address.*",
  "customer.*",
  "shipping_methods.*",
  "shipping_methods.tax_lines.*",
  "shipping_methods.adjustments.*",
  "summary.*",
  "payment_collections.*",
  "payment_collections.payments.*",
  "payment_collections.payments.captures.*",
  "payment_collections.payments.refunds.*",
  "fulfillments.*",
  "promotions.*",
  // Not "cart.*": on a cart that also loads all its lines with their totals (the cart again).
  "cart.id",
  "cart.email",
  "cart.metadata",
  "cart.created_at",
  "cart.completed_at",
  "sales_channel.*",
  "region.*",
];

/** The order as seen from another record. */
const prefixed = (prefix: string, fields: string[]) => fields.map((field) => `${prefix}.${field}`);

export const FIXTURE_FIELDS = {
  order: ORDER,
  /** shipment.created carries a fulfillment id: the order comes through the fulfillment's `order` link. */
  fulfillment: ["*", "items.*", "labels.*", "delivery_address.*", "shipping_option.*", ...prefixed("order", ORDER)],
  // Returns, claims and exchanges: load the order on its own (their events carry order_id).
  // Through their `order` relation Query computes no order totals, and lines that the record's
  // own items do not reference come back half-empty (no title, no SKU, no totals).
  // A return's `*` brings total fields of its own, all 0 on 2.21.2: not a refund amount.
  return: ["*", "items.*", "items.reason.*", "items.item.*", "shipping_methods.*"],
  order_claim: [
    "*",
    "claim_items.*",
    "claim_items.item.*",
    "additional_items.*",
    "additional_items.item.*",
    "shipping_methods.*",
    "return.*",
    "return.items.*",
  ],
  order_exchange: [
    "*",
    "additional_items.*",
    "additional_items.item.*",
    "shipping_methods.*",
    "return.*",
    "return.items.*",
    "return.items.reason.*",
    "return.items.item.*",
  ],
  customer: ["*", "addresses.*", "groups.*"],
};
