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
 * Every event the plugin subscribes to (one file each in `subscribers/`): the defaults, plus other
 * events of Medusa 1.20's order, customer and cart services, so that a store maps one of them with a
 * file, no code. An event without a mapping costs nothing. For any other event, a store writes a
 * one-line subscriber calling `segmentService.trackEvent`.
 */
export const TRACKABLE_EVENTS = [
  ...DEFAULT_EVENTS,
  "order.completed",
  "order.payment_captured",
  "order.fulfillment_created",
  "order.return_requested",
  "order.refund_created",
  "claim.shipment_created",
  "swap.received",
  "customer.created",
  "customer.updated",
  "cart.created",
  "cart.updated",
  "gift_card.created",
] as const;
