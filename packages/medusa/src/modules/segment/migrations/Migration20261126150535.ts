import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261126150535 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table if not exists "trackmap_outbox" ("id" text not null, "call" jsonb not null, "status" text check ("status" in ('pending', 'retrying', 'dead', 'delivered')) not null default 'pending', "attempts" integer not null default 0, "next_attempt_at" timestamptz not null, "locked_until" timestamptz null, "last_error" text null, "delivered_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "trackmap_outbox_pkey" primary key ("id"));`,
    );
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_trackmap_outbox_deleted_at" ON "trackmap_outbox" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_trackmap_outbox_status_next_attempt_at" ON "trackmap_outbox" ("status", "next_attempt_at") WHERE deleted_at IS NULL;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "trackmap_outbox" cascade;`);
  }
}
