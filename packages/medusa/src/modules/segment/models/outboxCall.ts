import { model } from "@medusajs/framework/utils";

/**
 * A Segment call waiting in the outbox, keyed by its messageId (or an event whose mapping failed, kept dead). It is written before the call
 * is sent and marked once Segment accepted it; @trackmap/core's PostgreSQL outbox store
 * (deliver/outbox/postgresOutboxStore.ts) works on it, claiming rows one process at a time.
 *
 * The table is described once, by core's `outboxTable()`; this model must make exactly that table
 * (outboxTable.test.ts checks it, and the migration). Medusa adds `created_at`, `updated_at` and
 * `deleted_at` to every model, with an index on `deleted_at`, and makes each index partial
 * (`WHERE deleted_at IS NULL`): the description has them too. A change here is a change there,
 * then `medusa plugin:db:generate` for the migration.
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
    // The first and the last delivery attempt (attempts counts them).
    first_attempt_at: model.dateTime().nullable(),
    last_attempt_at: model.dateTime().nullable(),
    // A call, or an event whose mapping failed, kept dead to be mapped again on resend.
    kind: model.enum(["call", "event"]).default("call"),
    // The event a call was mapped from (null for a call written by hand) and the entities it concerns.
    source_event: model.text().nullable(),
    entity_ids: model.array().default([]),
  })
  .indexes([
    { on: ["status", "next_attempt_at"] },
    { on: ["entity_ids"], type: "GIN" },
    // Recent calls, newest first: all of them, or those of one status.
    { on: ["created_at"], name: "IDX_trackmap_outbox_recent_created_at" },
    { on: ["status", "created_at"], name: "IDX_trackmap_outbox_recent_status_created_at" },
  ]);
