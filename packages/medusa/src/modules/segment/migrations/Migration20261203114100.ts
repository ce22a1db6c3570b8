import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203114100 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table if exists "trackmap_backfill" drop constraint if exists "trackmap_backfill_active_unique";`);
    this.addSql(
      `create table if not exists "trackmap_backfill" ("id" text not null, "status" text check ("status" in ('running', 'paused', 'canceled', 'completed', 'failed')) not null, "active" boolean null, "request" jsonb not null, "checkpoint" jsonb not null, "progress" jsonb null, "error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "trackmap_backfill_pkey" primary key ("id"));`,
    );
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_trackmap_backfill_deleted_at" ON "trackmap_backfill" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_trackmap_backfill_active_unique" ON "trackmap_backfill" ("active") WHERE deleted_at IS NULL;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "trackmap_backfill" cascade;`);
  }
}
