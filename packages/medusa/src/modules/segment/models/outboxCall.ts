import { model } from "@medusajs/framework/utils";

/**
 * A Segment call waiting in the outbox, keyed by its messageId. It is written before the call
 * is sent and marked once Segment accepted it; @trackmap/core's PostgreSQL outbox store
 * (deliver/outbox/postgresOutboxStore.ts) works on it, claiming rows one process at a time.
 */
export const OutboxCall = model
  .define("trackmap_outbox", {
    id: model.text().primaryKey(),
    call: model.json(),
    status: model.enum(["pending", "retrying", "dead", "delivered"]).default("pending"),
    attempts: model.number().default(0),
    next_attempt_at: model.dateTime(),
    locked_until: model.dateTime().nullable(),
    last_error: model.text().nullable(),
    delivered_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["status", "next_attempt_at"] }]);
