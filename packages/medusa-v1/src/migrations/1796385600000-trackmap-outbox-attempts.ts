/**
 * Brings a table made by 0.3.0 to core's one description of it (`outboxTable()`), which gained what the
 * admin's lists need: `first_attempt_at` and `last_attempt_at` (when a call was first and last handed to
 * Segment), and indexes on `created_at` and on `status, created_at` for the recent calls, newest first.
 * Written out rather than taken from `outboxTableSql()`, so that this step stays what it was.
 */
export class TrackmapOutboxAttempts1796385600000 {
  name = "TrackmapOutboxAttempts1796385600000";

  async up(queryRunner: { query(sql: string): Promise<unknown> }): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "trackmap_outbox"
         ADD COLUMN IF NOT EXISTS "first_attempt_at" timestamp with time zone NULL,
         ADD COLUMN IF NOT EXISTS "last_attempt_at" timestamp with time zone NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS "IDX_trackmap_outbox_recent_created_at" ON "trackmap_outbox" ("created_at") WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS "IDX_trackmap_outbox_recent_status_created_at" ON "trackmap_outbox" ("status", "created_at") WHERE deleted_at IS NULL`,
    );
  }

  async down(queryRunner: { query(sql: string): Promise<unknown> }): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "IDX_trackmap_outbox_recent_status_created_at"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "IDX_trackmap_outbox_recent_created_at"`);
    await queryRunner.query(`ALTER TABLE "trackmap_outbox" DROP COLUMN IF EXISTS "first_attempt_at", DROP COLUMN IF EXISTS "last_attempt_at"`);
  }
}
