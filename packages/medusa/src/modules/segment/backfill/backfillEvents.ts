/**
 * The events a backfill of a Medusa v2 store replays (medusaBackfillSource): what an operator may pick
 * from, and what the admin API accepts in `events`.
 */
export const BACKFILL_EVENTS = [
  "customer.created",
  "order.placed",
  "shipment.created",
  "order.return_received",
  "order.claim_created",
  "order.exchange_created",
  "order.canceled",
] as const;
