import { MikroORM } from "@medusajs/framework/mikro-orm/core";
import { PostgreSqlDriver } from "@medusajs/framework/mikro-orm/postgresql";
import { toMikroORMEntity } from "@medusajs/framework/utils";
import { outboxTable } from "@trackmap/core";
import { describedTableShape, readTableShape } from "@trackmap/core/test-helpers/tableShape";
import { useTestPostgres } from "@trackmap/core/test-helpers/testPostgres";
import { describe, expect, it } from "vitest";
import { Migration20261126150535 } from "./migrations/Migration20261126150535";
import { Migration20261203112414 } from "./migrations/Migration20261203112414";
import { Migration20261203134111 } from "./migrations/Migration20261203134111";
import { OutboxCall } from "./models/outboxCall";

// The outbox table this plugin makes is the one @trackmap/core describes (outboxTable()), on which
// core's PostgreSQL store works: the migration it ships, and the data model `medusa db:generate`
// writes migrations from.

const database = useTestPostgres({ dropAfterEach: "trackmap_outbox" });

async function run(statements: readonly string[]) {
  for (const statement of statements) await database().query(statement);
}

describe("the v2 plugin's outbox table", () => {
  it("is made by the migrations the plugin ships exactly as the core describes it, and dropped by their down() in reverse", async () => {
    // A Medusa (MikroORM) migration only collects its SQL with addSql(); Medusa runs them in the order of their names.
    const migrations = [Migration20261126150535, Migration20261203112414, Migration20261203134111].map(
      (Made) => new Made(undefined as never, undefined as never),
    );
    for (const migration of migrations) {
      await migration.up();
      await run(migration.getQueries() as string[]);
    }

    expect(await readTableShape(database(), "trackmap_outbox")).toEqual(describedTableShape(outboxTable()));

    for (const migration of migrations.reverse()) {
      migration.reset();
      await migration.down();
      await run(migration.getQueries() as string[]);
    }
    expect((await database().query(`SELECT to_regclass('trackmap_outbox') AS table`)).rows).toEqual([{ table: null }]);
  });

  it("is made from the data model exactly as the core describes it, so a migration generated from it makes that table too", async () => {
    // What `medusa db:generate` starts from: the model as a MikroORM entity, and the SQL that creates its
    // schema. Medusa adds created_at, updated_at, deleted_at and an index on deleted_at to every model.
    const orm = await MikroORM.init({ driver: PostgreSqlDriver, entities: [toMikroORMEntity(OutboxCall)], connect: false, dbName: "unused" });
    const sql = await orm.schema.getCreateSchemaSQL({ wrap: false });
    await orm.close();
    await run([sql]);

    expect(await readTableShape(database(), "trackmap_outbox")).toEqual(describedTableShape(outboxTable()));
  });
});
