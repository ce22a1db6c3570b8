import type { SqlClient } from "../../deliver";
import type { BackfillCheckpoint, BackfillProgress } from "./backfillProgress";
import type { BackfillJob, BackfillJobStatus, BackfillJobStore, BackfillRequest } from "./backfillJobs";

/** The table the plugins' migrations make for backfill jobs. */
export const BACKFILL_TABLE = "trackmap_backfill";

/**
 * The table as the plugins' migrations make it (Medusa v2's from its data model, v1's by hand):
 * `active` is true for the running or paused job and null otherwise, and unique, so that one
 * job at a time holds across processes.
 */
export const BACKFILL_TABLE_SQL = `CREATE TABLE IF NOT EXISTS "${BACKFILL_TABLE}" ("id" text NOT NULL PRIMARY KEY, "status" text NOT NULL CHECK ("status" IN ('running', 'paused', 'canceled', 'completed', 'failed')), "active" boolean NULL, "request" jsonb NOT NULL, "checkpoint" jsonb NOT NULL, "progress" jsonb NULL, "error" text NULL, "created_at" timestamptz NOT NULL DEFAULT now(), "updated_at" timestamptz NOT NULL DEFAULT now(), "deleted_at" timestamptz NULL);
CREATE UNIQUE INDEX IF NOT EXISTS "IDX_${BACKFILL_TABLE}_active_unique" ON "${BACKFILL_TABLE}" ("active") WHERE deleted_at IS NULL;`;

interface JobRow {
  id: string;
  status: BackfillJobStatus;
  request: BackfillRequest;
  checkpoint: BackfillCheckpoint;
  progress: BackfillProgress | null;
  error: string | null;
  created_at: Date;
  updated_at: Date;
}

const isActive = (status: BackfillJobStatus) => status === "running" || status === "paused";

/** Backfill jobs in the store's PostgreSQL, through the same SqlClient as the outbox. */
export function createPostgresBackfillJobStore(sql: SqlClient, table = BACKFILL_TABLE): BackfillJobStore {
  const t = `"${table}"`;
  const columns = `id, status, request, checkpoint, progress, error, created_at, updated_at`;
  const one = async (text: string, values: unknown[]) => {
    const { rows } = await sql.query(text, values);
    return rows[0] ? toJob(rows[0] as JobRow) : undefined;
  };
  return {
    active: () => one(`SELECT ${columns} FROM ${t} WHERE active AND deleted_at IS NULL LIMIT 1`, []),
    get: (id) => one(`SELECT ${columns} FROM ${t} WHERE id = $1 AND deleted_at IS NULL`, [id]),
    insert: (job) =>
      one(
        `INSERT INTO ${t} (id, status, active, request, checkpoint, progress, error, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT DO NOTHING RETURNING ${columns}`,
        [
          job.id,
          job.status,
          isActive(job.status) ? true : null,
          JSON.stringify(job.request),
          JSON.stringify(job.checkpoint),
          job.progress ? JSON.stringify(job.progress) : null,
          job.error ?? null,
          job.createdAt,
          job.updatedAt,
        ],
      ),
    async update(id, changes) {
      const sets: string[] = [];
      const values: unknown[] = [id];
      const set = (column: string, value: unknown) => {
        values.push(value);
        sets.push(`${column} = $${values.length}`);
      };
      if (changes.status) {
        set("status", changes.status);
        set("active", isActive(changes.status) ? true : null);
      }
      if (changes.request) set("request", JSON.stringify(changes.request));
      if (changes.checkpoint) set("checkpoint", JSON.stringify(changes.checkpoint));
      if (changes.progress) set("progress", JSON.stringify(changes.progress));
      if (changes.error !== undefined) set("error", changes.error);
      set("updated_at", changes.updatedAt ?? new Date());
      return one(`UPDATE ${t} SET ${sets.join(", ")} WHERE id = $1 AND deleted_at IS NULL RETURNING ${columns}`, values);
    },
  };
}

function toJob(row: JobRow): BackfillJob {
  return {
    id: row.id,
    status: row.status,
    request: row.request,
    checkpoint: row.checkpoint,
    ...(row.progress ? { progress: row.progress } : {}),
    ...(row.error ? { error: row.error } : {}),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
