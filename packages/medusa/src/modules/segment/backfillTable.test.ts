import { BACKFILL_TABLE, BACKFILL_TABLE_SQL } from "@trackmap/core/host";
import { readTableShape } from "@trackmap/core/test-helpers/tableShape";
import { useTestPostgres } from "@trackmap/core/test-helpers/testPostgres";
import { describe, expect, it } from "vitest";
import { Migration20261203114100 } from "./migrations/Migration20261203114100";

// The backfill jobs table this plugin's migration makes (generated from models/backfillJob.ts) is the
// one core's PostgreSQL job store works on, as core describes it: one active job, by a unique index.

const database = useTestPostgres({ dropAfterEach: BACKFILL_TABLE });

async function run(statements: readonly string[]) {
  for (const statement of statements) await database().query(statement);
}

describe("the v2 plugin's backfill table", () => {
  it("is made by the migration with the columns and the unique index core's job store relies on", async () => {
    await run(BACKFILL_TABLE_SQL.split(";\n"));
    const described = await readTableShape(database(), BACKFILL_TABLE);
    await database().query(`DROP TABLE "${BACKFILL_TABLE}"`);

    const migration = new Migration20261203114100(undefined as never, undefined as never);
    await migration.up();
    await run(migration.getQueries() as string[]);
    const made = await readTableShape(database(), BACKFILL_TABLE);

    expect(made.columns).toEqual(described.columns);
    expect(made.indexes).toEqual(expect.arrayContaining(described.indexes));
  });
});
