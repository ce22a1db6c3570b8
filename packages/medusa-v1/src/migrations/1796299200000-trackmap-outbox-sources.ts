/**
 * Brings a table made by 0.2.0 to core's one description of it (`outboxTable()`), which gained what the
 * admin and re-sending failed events need: `kind` (a call, or an event whose mapping failed, kept dead to be
 * mapped again), `source_event` and `entity_ids` (the event a call was mapped from and the entities it
 * concerns), with a GIN index to find the calls of one order or customer. Written out rather than taken from
 * `outboxTableSql()`, so that this step stays what it was.
 */
export class TrackmapOutboxSources1796299200000 {
  name = "TrackmapOutboxSources1796299200000";

  async up(queryRunner: { query(sql: string): Promise<unknown> }): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "trackmap_outbox"
         ADD COLUMN IF NOT EXISTS "kind" text NOT NULL DEFAULT 'call' CHECK ("kind" IN ('call', 'event')),
         ADD COLUMN IF NOT EXISTS "source_event" text NULL,
         ADD COLUMN IF NOT EXISTS "entity_ids" text[] NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS "IDX_trackmap_outbox_entity_ids" ON "trackmap_outbox" USING gin ("entity_ids") WHERE deleted_at IS NULL`,
    );
  }

  async down(queryRunner: { query(sql: string): Promise<unknown> }): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "IDX_trackmap_outbox_entity_ids"`);
    await queryRunner.query(
      `ALTER TABLE "trackmap_outbox" DROP COLUMN IF EXISTS "kind", DROP COLUMN IF EXISTS "source_event", DROP COLUMN IF EXISTS "entity_ids"`,
    );
  }
}
