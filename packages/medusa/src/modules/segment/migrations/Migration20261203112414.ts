import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203112414 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "trackmap_outbox" add column if not exists "kind" text check ("kind" in ('call', 'event')) not null default 'call', add column if not exists "source_event" text null, add column if not exists "entity_ids" text[] not null default '{}';`,
    );
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_trackmap_outbox_entity_ids" ON "trackmap_outbox" USING GIN ("entity_ids") WHERE deleted_at IS NULL;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_trackmap_outbox_entity_ids";`);
    this.addSql(
      `alter table if exists "trackmap_outbox" drop column if exists "kind", drop column if exists "source_event", drop column if exists "entity_ids";`,
    );
  }
}
