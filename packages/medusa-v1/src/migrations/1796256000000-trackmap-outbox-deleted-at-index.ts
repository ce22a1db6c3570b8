/**
 * Brings a table made by 0.1.0 to core's one description of it (`outboxTable()`), which gained the index
 * on deleted_at that Medusa v2 gives every data model: the v1 and v2 plugins' tables are then the same.
 * Written out rather than taken from `outboxTableSql()`, so that this step stays what it was.
 */
export class TrackmapOutboxDeletedAtIndex1796256000000 {
  name = "TrackmapOutboxDeletedAtIndex1796256000000";

  async up(queryRunner: { query(sql: string): Promise<unknown> }): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS "IDX_trackmap_outbox_deleted_at" ON "trackmap_outbox" ("deleted_at") WHERE deleted_at IS NULL`,
    );
  }

  async down(queryRunner: { query(sql: string): Promise<unknown> }): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "IDX_trackmap_outbox_deleted_at"`);
  }
}
