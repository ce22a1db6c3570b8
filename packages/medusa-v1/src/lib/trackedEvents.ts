/**
 * The Medusa v1 events medusa-plugin-segment tracked, each with a default mapping in `mappings/`.
 */
export const DEFAULT_EVENTS = [
  "order.placed",
  "order.shipment_created",
  "claim.created",
  "order.items_returned",
  "order.canceled",
  "swap.created",
  "swap.shipment_created",
  "swap.payment_completed",
] as const;

/**
 * Every event the plugin subscribes to: the defaults, plus the other events Medusa 1.20's services
 * emit about orders, customers and carts, so that a store maps one of them with a file, no code.
 * An event without a mapping costs nothing.
 */
export const TRACKABLE_EVENTS: string[] = [
  ...new Set([
    ...DEFAULT_EVENTS,
    "order.updated",
    "order.completed",
    "order.payment_captured",
    "order.payment_capture_failed",
    "order.fulfillment_created",
    "order.fulfillment_canceled",
    "order.return_requested",
    "order.return_action_required",
    "order.refund_created",
    "order.refund_failed",
    "order.swap_created",
    "order.gift_card_created",
    "claim.updated",
    "claim.canceled",
    "claim.fulfillment_created",
    "claim.shipment_created",
    "claim.refund_processed",
    "swap.received",
    "swap.fulfillment_created",
    "swap.payment_captured",
    "swap.payment_capture_failed",
    "swap.process_refund_failed",
    "swap.refund_processed",
    "customer.created",
    "customer.updated",
    "customer.password_reset",
    "cart.created",
    "cart.updated",
    "cart.customer_updated",
    "gift_card.created",
    "draft_order.created",
    "draft_order.updated",
  ]),
].sort();
