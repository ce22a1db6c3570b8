import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describedTableShape, readTableShape } from "../../testHelpers/tableShape";
import { startTestPostgres, type TestPostgres } from "../../testHelpers/testPostgres";
import { outboxTable, outboxTableSql } from "./outboxTable";

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startTestPostgres();
}, 120_000);
afterAll(() => postgres?.stop(), 60_000);

describe("the outbox table, described once", () => {
  it("is made by outboxTableSql() exactly as outboxTable() describes it", async () => {
    for (const statement of outboxTableSql()) await postgres.client.query(statement);

    const shape = await readTableShape(postgres.client, "trackmap_outbox");
    expect(shape).toEqual(describedTableShape(outboxTable()));
    expect(shape.columns.map((column) => column.name)).toEqual([
      "id",
      "call",
      "status",
      "attempts",
      "next_attempt_at",
      "locked_until",
      "last_error",
      "delivered_at",
      "created_at",
      "updated_at",
      "deleted_at",
    ]);
  });

  it("is made under another name, its indexes named after it, and its statements can run again", async () => {
    for (const statement of [...outboxTableSql("shop_outbox"), ...outboxTableSql("shop_outbox")]) await postgres.client.query(statement);

    const shape = await readTableShape(postgres.client, "shop_outbox");
    expect(shape).toEqual(describedTableShape(outboxTable("shop_outbox")));
    expect(shape.indexes.map((index) => index.name)).toEqual([
      "IDX_shop_outbox_deleted_at",
      "IDX_shop_outbox_status_next_attempt_at",
      "shop_outbox_pkey",
    ]);
  });

  it("refuses a status the store does not know", async () => {
    for (const statement of outboxTableSql()) await postgres.client.query(statement);

    await expect(
      postgres.client.query(`INSERT INTO trackmap_outbox (id, call, status, next_attempt_at) VALUES ('m', '{}', 'sent', now())`),
    ).rejects.toThrow('new row for relation "trackmap_outbox" violates check constraint "trackmap_outbox_status_check"');
  });
});
