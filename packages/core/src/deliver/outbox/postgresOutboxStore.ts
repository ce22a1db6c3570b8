import type { SegmentCall } from "../../calls/segmentCall";
import type { CallSource } from "../destination";
import {
  cappedTotal,
  type OutboxCallQuery,
  type OutboxCallRecord,
  type OutboxCounts,
  type OutboxEventRecord,
  type OutboxMinute,
  type OutboxRecord,
  type OutboxStatus,
  type OutboxStore,
  type SourceOfCall,
  type StoredCall,
  type StoredEvent,
} from "./outboxStore";
import { OUTBOX_TABLE } from "./outboxTable";

/**
 * How the store reaches PostgreSQL: anything that runs a statement with `$1`-style parameters
 * and gives node-postgres's result (a `pg` Pool or Client; a host adapts its own connection,
 * e.g. Medusa v2's knex or Medusa v1's TypeORM). The core itself depends on no driver.
 */
export interface SqlClient {
  // biome-ignore lint/suspicious/noExplicitAny: node-postgres types rows as any[]; each query here reads its own columns.
  query(text: string, values: readonly unknown[]): Promise<{ rows: any[]; rowCount?: number | null }>;
}

interface OutboxRow {
  id: string;
  call: StoredCall | StoredEvent;
  kind: "call" | "event";
  source_event: string | null;
  entity_ids: string[];
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  first_attempt_at: Date | null;
  last_attempt_at: Date | null;
}

const COLUMNS =
  "id, call, kind, source_event, entity_ids, status, attempts, next_attempt_at, last_error, created_at, first_attempt_at, last_attempt_at";

/** What every outcome of a delivery attempt sets: one more attempt, and when (the first one kept). */
const ATTEMPTED = "attempts = o.attempts + 1, first_attempt_at = coalesce(o.first_attempt_at, now()), last_attempt_at = now()";

/**
 * The outbox in PostgreSQL. Every process of a store (server, workers) shares it: a claim takes
 * due rows with `FOR UPDATE SKIP LOCKED` and leases them, so two processes never send the same
 * row at the same time, and a process that dies mid-send gives its rows back when the lease ends.
 */
export function createPostgresOutboxStore(sql: SqlClient, table = OUTBOX_TABLE): OutboxStore {
  const t = `"${table}"`;
  /** Stores the calls not stored yet, pending and due at `now`, leased until `lockedUntil` (or not); returns the rows stored. */
  async function insertPending(calls: readonly SegmentCall[], now: Date, source: CallSource | SourceOfCall | undefined, lockedUntil: Date | null) {
    const sourceFor = typeof source === "function" ? source : () => source;
    const stored: OutboxRow[] = [];
    await inChunks(calls, 6, async (chunk) => {
      const { rows } = await sql.query(
        `INSERT INTO ${t} (id, call, next_attempt_at, created_at, source_event, entity_ids, locked_until, status, attempts)
         VALUES ${repeatRow("($1, $2::jsonb, $3::timestamptz, $3::timestamptz, $4::text, $5::text[], $6::timestamptz, 'pending', 0)", chunk.length, 6)}
         ON CONFLICT (id) DO NOTHING
         ${lockedUntil ? `RETURNING ${COLUMNS}` : ""}`,
        chunk.flatMap((call) => [call.messageId, JSON.stringify(call), now, ...sourceValues(sourceFor(call)), lockedUntil]),
      );
      stored.push(...(rows as OutboxRow[]));
    });
    return stored;
  }

  return {
    async check() {
      await sql.query(`SELECT 1 FROM ${t} LIMIT 0`, []);
    },

    async enqueue(calls, now, source) {
      await insertPending(calls, now, source, null);
    },

    async enqueueAndClaim(calls, now, leaseMs, source) {
      const rows = await insertPending(calls, now, source, new Date(now.getTime() + leaseMs));
      return rows.map(toRecord) as OutboxCallRecord[];
    },

    async storeDead(messageId, call, reason, now, source) {
      await sql.query(
        `INSERT INTO ${t} (id, call, status, attempts, next_attempt_at, created_at, updated_at, last_error, source_event, entity_ids)
         VALUES ($1, $2::jsonb, 'dead', 0, $3, $3, $3, $4, $5, $6::text[])
         ON CONFLICT (id) DO NOTHING`,
        [messageId, JSON.stringify(call), now, reason, ...sourceValues(source)],
      );
    },

    async storeDeadEvent(id, event, reason, now, source) {
      // Failing again (mapped again on resend, or the event emitted again): dead with the reason of now.
      await sql.query(
        `INSERT INTO ${t} (id, call, kind, status, attempts, next_attempt_at, created_at, updated_at, last_error, source_event, entity_ids)
         VALUES ($1, $2::jsonb, 'event', 'dead', 0, $3, $3, $3, $4, $5, $6::text[])
         ON CONFLICT (id) DO UPDATE SET status = 'dead', last_error = EXCLUDED.last_error, updated_at = EXCLUDED.updated_at, locked_until = NULL
         WHERE ${t}.kind = 'event'`,
        [id, JSON.stringify(event), now, reason, ...sourceValues(source)],
      );
    },

    async deadEvents(ids) {
      const { rows } = await sql.query(
        `SELECT ${COLUMNS} FROM ${t}
         WHERE kind = 'event' AND status = 'dead' AND deleted_at IS NULL AND ($1::text[] IS NULL OR id = ANY($1::text[]))
         ORDER BY created_at, id`,
        [ids ?? null],
      );
      return (rows as OutboxRow[]).map(toRecord) as OutboxEventRecord[];
    },

    async remove(ids) {
      if (ids.length === 0) return 0;
      const { rowCount } = await sql.query(`DELETE FROM ${t} WHERE id = ANY($1::text[])`, [ids]);
      return rowCount ?? 0;
    },

    async listForEntity(entityIds, limit, offset = 0) {
      const { rows } = await sql.query(
        `SELECT ${COLUMNS} FROM ${t} WHERE entity_ids && $1::text[] AND deleted_at IS NULL ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
        [[entityIds].flat(), limit, offset],
      );
      return (rows as OutboxRow[]).map(toRecord);
    },

    async claim(limit, now, leaseMs) {
      const { rows } = await sql.query(
        `WITH due AS (
           SELECT id FROM ${t}
           WHERE status IN ('pending', 'retrying') AND next_attempt_at <= $1 AND kind = 'call'
             AND (locked_until IS NULL OR locked_until <= $1) AND deleted_at IS NULL
           ORDER BY next_attempt_at
           LIMIT $2
           FOR UPDATE SKIP LOCKED
         )
         UPDATE ${t} AS o SET locked_until = $3, updated_at = now()
         FROM due WHERE o.id = due.id
         RETURNING ${COLUMNS.split(", ")
           .map((column) => `o.${column}`)
           .join(", ")}`,
        [now, limit, new Date(now.getTime() + leaseMs)],
      );
      return (rows as OutboxRow[]).map(toRecord) as OutboxCallRecord[];
    },

    async renew(messageIds, now, leaseMs) {
      if (messageIds.length === 0) return;
      // A row recorded or released meanwhile has no lease (locked_until NULL): it is left as it is.
      await sql.query(
        `UPDATE ${t} SET locked_until = $2, updated_at = now()
         WHERE id = ANY($1::text[]) AND status IN ('pending', 'retrying') AND locked_until IS NOT NULL`,
        [messageIds, new Date(now.getTime() + leaseMs)],
      );
    },

    async markDelivered(messageIds) {
      if (messageIds.length === 0) return;
      await sql.query(
        `UPDATE ${t} AS o SET status = 'delivered', ${ATTEMPTED}, delivered_at = now(), locked_until = NULL, last_error = NULL, updated_at = now()
         WHERE o.id = ANY($1::text[])`,
        [messageIds],
      );
    },

    async release(messageIds) {
      if (messageIds.length === 0) return;
      await sql.query(`UPDATE ${t} SET locked_until = NULL, updated_at = now() WHERE id = ANY($1::text[]) AND status IN ('pending', 'retrying')`, [
        messageIds,
      ]);
    },

    async markRetry(retries) {
      // One statement for a whole round (up to the parameter limit): each row gets its own error and retry time.
      await inChunks(retries, 3, (chunk) =>
        sql.query(
          `UPDATE ${t} AS o
           SET status = 'retrying', ${ATTEMPTED}, last_error = v.error, next_attempt_at = v.retry_at, locked_until = NULL, updated_at = now()
           FROM (VALUES ${repeatRow("($1::text, $2::text, $3::timestamptz)", chunk.length, 3)}) AS v(id, error, retry_at)
           WHERE o.id = v.id`,
          chunk.flatMap(({ messageId, error, retryAt }) => [messageId, error, retryAt]),
        ),
      );
    },

    async markDead(deaths) {
      await inChunks(deaths, 2, (chunk) =>
        sql.query(
          `UPDATE ${t} AS o
           SET status = 'dead', ${ATTEMPTED}, last_error = v.error, locked_until = NULL, updated_at = now()
           FROM (VALUES ${repeatRow("($1::text, $2::text)", chunk.length, 2)}) AS v(id, error)
           WHERE o.id = v.id`,
          chunk.flatMap(({ messageId, error }) => [messageId, error]),
        ),
      );
    },

    async counts() {
      const { rows } = await sql.query(`SELECT status, count(*)::int AS count FROM ${t} WHERE deleted_at IS NULL GROUP BY status`, []);
      const counts: OutboxCounts = { pending: 0, retrying: 0, dead: 0, delivered: 0 };
      for (const row of rows as Array<{ status: OutboxStatus; count: number }>) counts[row.status] = Number(row.count);
      return counts;
    },

    async listDead(limit, offset = 0) {
      const { rows } = await sql.query(
        `SELECT ${COLUMNS} FROM ${t} WHERE status = 'dead' AND deleted_at IS NULL ORDER BY updated_at DESC, id COLLATE "C" DESC LIMIT $1 OFFSET $2`,
        [limit, offset],
      );
      return (rows as OutboxRow[]).map(toRecord);
    },

    async listCalls({ limit, offset = 0, status, event, type, countUpTo }: OutboxCallQuery) {
      // One condition for every filter: a filter not given is NULL and matches every row.
      const where = `deleted_at IS NULL AND ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR call->>'event' = $2)
        AND ($3::text IS NULL OR call->>'type' = $3)`;
      const filters = [status ?? null, event ?? null, type ?? null];
      const { rows } = await sql.query(
        `SELECT ${COLUMNS} FROM ${t} WHERE ${where} ORDER BY created_at DESC, id COLLATE "C" DESC LIMIT $4 OFFSET $5`,
        [...filters, limit, offset],
      );
      // One row past the cap tells that more match.
      const cap = countUpTo === undefined ? "" : `LIMIT ${Math.max(0, Math.floor(countUpTo)) + 1}`;
      const { rows: counted } = await sql.query(`SELECT count(*)::int AS total FROM (SELECT 1 FROM ${t} WHERE ${where} ${cap}) AS matching`, filters);
      return { records: (rows as OutboxRow[]).map(toRecord), ...cappedTotal(Number(counted[0]?.total ?? 0), countUpTo) };
    },

    async activity(since) {
      const { rows } = await sql.query(
        `SELECT minute, sum(stored)::int AS stored, sum(delivered)::int AS delivered FROM (
           SELECT date_trunc('minute', created_at) AS minute, 1 AS stored, 0 AS delivered FROM ${t}
           WHERE created_at >= $1 AND deleted_at IS NULL
           UNION ALL
           SELECT date_trunc('minute', delivered_at), 0, 1 FROM ${t}
           WHERE status = 'delivered' AND delivered_at >= $1 AND deleted_at IS NULL
         ) AS events GROUP BY minute ORDER BY minute`,
        [since],
      );
      return (rows as Array<{ minute: Date; stored: number; delivered: number }>).map(
        ({ minute, stored, delivered }): OutboxMinute => ({ minute, stored: Number(stored), delivered: Number(delivered) }),
      );
    },

    async resend(messageIds, now = new Date()) {
      // Due at the caller's clock, not PostgreSQL's now(): claims compare with the caller's milliseconds, and
      // now()'s microseconds could leave a call re-sent within the same millisecond not yet due.
      const { rowCount } = await sql.query(
        `UPDATE ${t} SET status = 'pending', next_attempt_at = $2, locked_until = NULL, updated_at = now()
         WHERE status = 'dead' AND kind = 'call' AND deleted_at IS NULL AND ($1::text[] IS NULL OR id = ANY($1::text[]))`,
        [messageIds ?? null, now],
      );
      return rowCount ?? 0;
    },

    async purgeDelivered(before) {
      const { rowCount } = await sql.query(`DELETE FROM ${t} WHERE status = 'delivered' AND created_at < $1`, [before]);
      return rowCount ?? 0;
    },

    async purgeDead(before) {
      // A dead row changes no more until it is re-sent: updated_at is when it was given up.
      const { rowCount } = await sql.query(`DELETE FROM ${t} WHERE status = 'dead' AND updated_at < $1`, [before]);
      return rowCount ?? 0;
    },
  };
}

/** PostgreSQL's limit of parameters in one statement (their count is sent as a 16-bit number). */
const MAX_STATEMENT_PARAMETERS = 65_535;

/**
 * Runs `statement` on successive slices of `rows`, each small enough that its `width`
 * parameters a row stay within PostgreSQL's limit, whatever the caller passes. The slices
 * are not one transaction: each write is one a later round could repeat without harm.
 */
async function inChunks<T>(rows: readonly T[], width: number, statement: (chunk: readonly T[]) => Promise<unknown>): Promise<void> {
  const size = Math.floor(MAX_STATEMENT_PARAMETERS / width);
  for (let start = 0; start < rows.length; start += size) await statement(rows.slice(start, start + size));
}

/** A row's `template` (parameters $1..$width) once per row, renumbered: `($1, $2), ($3, $4), ...`. */
function repeatRow(template: string, rows: number, width: number): string {
  return Array.from({ length: rows }, (_, row) => template.replace(/\$(\d+)/g, (_, k: string) => `$${row * width + Number(k)}`)).join(", ");
}

/** The source_event and entity_ids parameters of a row: null and none for a call written by hand. */
function sourceValues(source: CallSource | undefined): [string | null, string[]] {
  return source ? [source.event, [...source.entityIds]] : [null, []];
}

function toRecord(row: OutboxRow): OutboxRecord {
  const fields = {
    messageId: row.id,
    ...(row.source_event === null ? {} : { source: { event: row.source_event, entityIds: row.entity_ids } }),
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.first_attempt_at === null ? {} : { firstAttemptAt: row.first_attempt_at }),
    ...(row.last_attempt_at === null ? {} : { lastAttemptAt: row.last_attempt_at }),
  };
  return row.kind === "event" ? { event: row.call as StoredEvent, ...fields } : { call: row.call as StoredCall, ...fields };
}
