/**
 * The table of the store's backfill jobs (`npx trackmap-v1 backfill`): each job's request, checkpoint and
 * progress, and `active` (true for the running or paused job, null otherwise) under a unique index, so that
 * one backfill at a time holds across processes. Written out rather than taken from core's
 * `BACKFILL_TABLE_SQL`, so that this step stays what it was; its test checks they agree.
 */
export class TrackmapBackfill1796342400000 {
  name = "TrackmapBackfill1796342400000";

  async up(queryRunner: { query(sql: string): Promise<unknown> }): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE IF NOT EXISTS "trackmap_backfill" (
         "id" text NOT NULL PRIMARY KEY,
         "status" text NOT NULL CHECK ("status" IN ('running', 'paused', 'canceled', 'completed', 'failed')),
         "active" boolean NULL,
         "request" jsonb NOT NULL,
         "checkpoint" jsonb NOT NULL,
         "progress" jsonb NULL,
         "error" text NULL,
         "created_at" timestamptz NOT NULL DEFAULT now(),
         "updated_at" timestamptz NOT NULL DEFAULT now(),
         "deleted_at" timestamptz NULL
       )`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_trackmap_backfill_active_unique" ON "trackmap_backfill" ("active") WHERE deleted_at IS NULL`,
    );
  }

  async down(queryRunner: { query(sql: string): Promise<unknown> }): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "trackmap_backfill"`);
  }
}
