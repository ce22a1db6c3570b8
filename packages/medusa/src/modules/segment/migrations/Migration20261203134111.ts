import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203134111 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "trackmap_outbox" add column if not exists "first_attempt_at" timestamptz null, add column if not exists "last_attempt_at" timestamptz null;`,
    );
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_trackmap_outbox_recent_created_at" ON "trackmap_outbox" ("created_at") WHERE deleted_at IS NULL;`);
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_trackmap_outbox_recent_status_created_at" ON "trackmap_outbox" ("status", "created_at") WHERE deleted_at IS NULL;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_trackmap_outbox_recent_created_at";`);
    this.addSql(`drop index if exists "IDX_trackmap_outbox_recent_status_created_at";`);
    this.addSql(`alter table if exists "trackmap_outbox" drop column if exists "first_attempt_at", drop column if exists "last_attempt_at";`);
  }
}
