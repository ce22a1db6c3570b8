import type { Knex } from "@medusajs/framework/mikro-orm/knex";
import type { OutboxCounts, OutboxRecord, OutboxStatus, OutboxStore, SegmentCall } from "@trackmap/core";

/** The table of models/outboxCall.ts, created by the module's migration (`npx medusa db:migrate`). */
export const OUTBOX_TABLE = "trackmap_outbox";

interface OutboxRow {
  id: string;
  call: SegmentCall;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
}

const COLUMNS = ["id", "call", "status", "attempts", "next_attempt_at", "last_error", "created_at"];

/**
 * The outbox in the store's PostgreSQL. Every Medusa process of the store (server, workers)
 * shares it: a claim takes due rows with `FOR UPDATE SKIP LOCKED` and leases them, so two
 * processes never send the same row at the same time, and a process that dies mid-send gives
 * its rows back when the lease ends.
 */
export function createPostgresOutboxStore(knex: Knex): OutboxStore {
  const table = () => knex(OUTBOX_TABLE);

  return {
    async enqueue(calls, now) {
      if (calls.length === 0) return;
      const rows = calls.map((call) => ({ id: call.messageId, call: JSON.stringify(call), status: "pending", attempts: 0, next_attempt_at: now }));
      await table().insert(rows).onConflict("id").ignore();
    },

    async storeDead(messageId, call, reason, now) {
      await table()
        .insert({ id: messageId, call: JSON.stringify(call), status: "dead", attempts: 0, next_attempt_at: now, last_error: reason })
        .onConflict("id")
        .ignore();
    },

    async claim(limit, now, leaseMs) {
      const { rows } = await knex.raw<{ rows: OutboxRow[] }>(
        `WITH due AS (
           SELECT id FROM ${OUTBOX_TABLE}
           WHERE status IN ('pending', 'retrying') AND next_attempt_at <= :now
             AND (locked_until IS NULL OR locked_until <= :now) AND deleted_at IS NULL
           ORDER BY next_attempt_at
           LIMIT :limit
           FOR UPDATE SKIP LOCKED
         )
         UPDATE ${OUTBOX_TABLE} AS o SET locked_until = :leasedUntil, updated_at = now()
         FROM due WHERE o.id = due.id
         RETURNING ${COLUMNS.map((column) => `o.${column}`).join(", ")}`,
        { now, limit, leasedUntil: new Date(now.getTime() + leaseMs) },
      );
      return rows.map(toRecord);
    },

    async markDelivered(messageIds) {
      if (messageIds.length === 0) return;
      await table()
        .whereIn("id", messageIds)
        .update({ status: "delivered", attempts: knex.raw("attempts + 1"), delivered_at: knex.fn.now(), locked_until: null, last_error: null, updated_at: knex.fn.now() });
    },

    async markRetry(retries) {
      if (retries.length === 0) return;
      // One statement for the whole round: each row gets its own error and retry time.
      await knex.raw(
        `UPDATE ${OUTBOX_TABLE} AS o
         SET status = 'retrying', attempts = o.attempts + 1, last_error = v.error, next_attempt_at = v.retry_at,
             locked_until = NULL, updated_at = now()
         FROM (VALUES ${retries.map(() => "(?, ?, ?::timestamptz)").join(", ")}) AS v(id, error, retry_at)
         WHERE o.id = v.id`,
        retries.flatMap(({ messageId, error, retryAt }) => [messageId, error, retryAt]),
      );
    },

    async markDead(deaths) {
      if (deaths.length === 0) return;
      await knex.raw(
        `UPDATE ${OUTBOX_TABLE} AS o
         SET status = 'dead', attempts = o.attempts + 1, last_error = v.error, locked_until = NULL, updated_at = now()
         FROM (VALUES ${deaths.map(() => "(?, ?)").join(", ")}) AS v(id, error)
         WHERE o.id = v.id`,
        deaths.flatMap(({ messageId, error }) => [messageId, error]),
      );
    },

    async counts() {
      const rows: Array<{ status: OutboxStatus; count: string | number }> = await table()
        .whereNull("deleted_at")
        .select("status")
        .count({ count: "*" })
        .groupBy("status");
      const counts: OutboxCounts = { pending: 0, retrying: 0, dead: 0, delivered: 0 };
      for (const row of rows) counts[row.status] = Number(row.count);
      return counts;
    },

    async listDead(limit) {
      const rows: OutboxRow[] = await table().select(COLUMNS).where({ status: "dead" }).whereNull("deleted_at").orderBy("updated_at", "desc").limit(limit);
      return rows.map(toRecord);
    },

    async resend(messageIds) {
      const query = table().where({ status: "dead" }).whereNull("deleted_at");
      if (messageIds) query.whereIn("id", messageIds);
      return query.update({ status: "pending", next_attempt_at: knex.fn.now(), locked_until: null, updated_at: knex.fn.now() });
    },

    async purgeDelivered(before) {
      return table().where({ status: "delivered" }).where("created_at", "<", before).delete();
    },
  };
}

function toRecord(row: OutboxRow): OutboxRecord {
  const record: OutboxRecord = {
    messageId: row.id,
    call: row.call,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
  };
  if (row.last_error !== null) record.lastError = row.last_error;
  return record;
}
