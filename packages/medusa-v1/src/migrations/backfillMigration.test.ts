import { BACKFILL_TABLE, BACKFILL_TABLE_SQL, createPostgresBackfillJobStore } from "@trackmap/core/host";
import { readTableShape } from "@trackmap/core/test-helpers/tableShape";
import { useTestPostgres } from "@trackmap/core/test-helpers/testPostgres";
import { describe, expect, it } from "vitest";
import { TrackmapBackfill1796342400000 } from "./1796342400000-trackmap-backfill";

// The backfill jobs table this plugin's migration makes is the one core's PostgreSQL job store works
// on, as core describes it (BACKFILL_TABLE_SQL): one active job at a time, by a unique index.

const database = useTestPostgres({ dropAfterEach: BACKFILL_TABLE });

/** What `medusa migrations run` hands a migration: TypeORM's query runner, which runs each statement. */
const queryRunner = { query: (sql: string) => database().query(sql) };

describe("the v1 plugin's backfill migration", () => {
  it("makes the table as core describes it, and drops it again", async () => {
    for (const statement of BACKFILL_TABLE_SQL.split(";\n")) await database().query(statement);
    const described = await readTableShape(database(), BACKFILL_TABLE);
    await database().query(`DROP TABLE "${BACKFILL_TABLE}"`);

    await new TrackmapBackfill1796342400000().up(queryRunner);
    expect(await readTableShape(database(), BACKFILL_TABLE)).toEqual(described);

    await new TrackmapBackfill1796342400000().down(queryRunner);
    expect((await database().query(`SELECT to_regclass('${BACKFILL_TABLE}') AS table`)).rows).toEqual([{ table: null }]);
  });

  it("keeps one active job: a second start while one runs is refused", async () => {
    await new TrackmapBackfill1796342400000().up(queryRunner);
    const store = createPostgresBackfillJobStore(database());
    const job = (id: string) => ({
      id,
      status: "running" as const,
      request: {},
      checkpoint: { done: 0, calls: 0, errors: 0 },
      createdAt: new Date(),
      updatedAt: new Date(),
    });

    expect(await store.insert(job("tmbf_1"))).toMatchObject({ id: "tmbf_1", status: "running" });
    expect(await store.insert(job("tmbf_2"))).toBeUndefined();
    await store.update("tmbf_1", { status: "completed" });
    expect(await store.insert(job("tmbf_3"))).toMatchObject({ id: "tmbf_3" });
  });
});
