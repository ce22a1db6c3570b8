import { outboxTable } from "@trackmap/core";
import { describedTableShape, readTableShape } from "@trackmap/core/test-helpers/tableShape";
import { useTestPostgres } from "@trackmap/core/test-helpers/testPostgres";
import { describe, expect, it } from "vitest";
import { TrackmapOutbox1764172800000 } from "./1764172800000-trackmap-outbox";
import { TrackmapOutboxDeletedAtIndex1796256000000 } from "./1796256000000-trackmap-outbox-deleted-at-index";
import { TrackmapOutboxSources1796299200000 } from "./1796299200000-trackmap-outbox-sources";
import { TrackmapOutboxAttempts1796385600000 } from "./1796385600000-trackmap-outbox-attempts";

// The outbox table this plugin's migrations make is the one @trackmap/core describes (outboxTable()),
// on which core's PostgreSQL store works, and which the v2 plugin makes too.

const database = useTestPostgres({ dropAfterEach: "trackmap_outbox" });

/** What `medusa migrations run` hands a migration: TypeORM's query runner, which runs each statement. */
const queryRunner = { query: (sql: string) => database().query(sql) };
/** The plugin's migrations, in the order TypeORM runs them (by the timestamp in their names). */
const migrations = () => [
  new TrackmapOutbox1764172800000(),
  new TrackmapOutboxDeletedAtIndex1796256000000(),
  new TrackmapOutboxSources1796299200000(),
  new TrackmapOutboxAttempts1796385600000(),
];

describe("the v1 plugin's outbox migrations", () => {
  it("make the outbox table exactly as the core describes it, and drop it again in reverse", async () => {
    for (const migration of migrations()) await migration.up(queryRunner);

    expect(await readTableShape(database(), "trackmap_outbox")).toEqual(describedTableShape(outboxTable()));

    for (const migration of migrations().reverse()) await migration.down(queryRunner);
    expect((await database().query(`SELECT to_regclass('trackmap_outbox') AS table`)).rows).toEqual([{ table: null }]);
  });

  it("bring a table made by 0.1.0, without the deleted_at index, to the described one", async () => {
    await new TrackmapOutbox1764172800000().up(queryRunner);
    await database().query(`DROP INDEX "IDX_trackmap_outbox_deleted_at"`);

    await new TrackmapOutboxDeletedAtIndex1796256000000().up(queryRunner);
    await new TrackmapOutboxSources1796299200000().up(queryRunner);
    await new TrackmapOutboxAttempts1796385600000().up(queryRunner);

    expect(await readTableShape(database(), "trackmap_outbox")).toEqual(describedTableShape(outboxTable()));
  });

  it("bring a table made by 0.2.0, without the source and entity columns, to the described one, keeping its calls", async () => {
    await new TrackmapOutbox1764172800000().up(queryRunner);
    await database().query(`DROP INDEX "IDX_trackmap_outbox_entity_ids"`);
    await database().query(`ALTER TABLE "trackmap_outbox" DROP COLUMN "kind", DROP COLUMN "source_event", DROP COLUMN "entity_ids"`);
    await database().query(`INSERT INTO "trackmap_outbox" (id, call, next_attempt_at) VALUES ('m1', '{"type":"track"}', now())`);

    await new TrackmapOutboxSources1796299200000().up(queryRunner);
    await new TrackmapOutboxAttempts1796385600000().up(queryRunner);

    expect(await readTableShape(database(), "trackmap_outbox")).toEqual(describedTableShape(outboxTable()));
    expect((await database().query(`SELECT id, kind, source_event, entity_ids FROM "trackmap_outbox"`)).rows).toEqual([
      { id: "m1", kind: "call", source_event: null, entity_ids: [] },
    ]);
  });

  it("bring a table made by 0.3.0, without the attempt times and the recent-calls indexes, to the described one, keeping its calls", async () => {
    await new TrackmapOutbox1764172800000().up(queryRunner);
    await database().query(`DROP INDEX "IDX_trackmap_outbox_recent_created_at", "IDX_trackmap_outbox_recent_status_created_at"`);
    await database().query(`ALTER TABLE "trackmap_outbox" DROP COLUMN "first_attempt_at", DROP COLUMN "last_attempt_at"`);
    await database().query(`INSERT INTO "trackmap_outbox" (id, call, next_attempt_at, attempts) VALUES ('m1', '{"type":"track"}', now(), 2)`);

    await new TrackmapOutboxAttempts1796385600000().up(queryRunner);

    expect(await readTableShape(database(), "trackmap_outbox")).toEqual(describedTableShape(outboxTable()));
    expect((await database().query(`SELECT id, attempts, first_attempt_at, last_attempt_at FROM "trackmap_outbox"`)).rows).toEqual([
      { id: "m1", attempts: 2, first_attempt_at: null, last_attempt_at: null },
    ]);
  });
});
