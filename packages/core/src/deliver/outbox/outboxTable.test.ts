import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describedTableShape, readTableShape } from "../../testHelpers/tableShape";
import { startTestPostgres, type TestPostgres } from "../../testHelpers/testPostgres";
import { createPostgresOutboxStore, type SqlClient } from "./postgresOutboxStore";
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
    expect(outboxTable().columns.map((column) => column.name)).toEqual([
      "id",
      "call",
      "status",
      "attempts",
      "next_attempt_at",
      "locked_until",
      "last_error",
      "delivered_at",
      "first_attempt_at",
      "last_attempt_at",
      "kind",
      "source_event",
      "entity_ids",
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
      "IDX_shop_outbox_entity_ids",
      "IDX_shop_outbox_recent_created_at",
      "IDX_shop_outbox_recent_status_created_at",
      "IDX_shop_outbox_status_next_attempt_at",
      "shop_outbox_pkey",
    ]);
  });

  it("finds the rows of one entity through its GIN index on entity_ids", async () => {
    for (const statement of outboxTableSql()) await postgres.client.query(statement);
    await postgres.client.query(
      `INSERT INTO trackmap_outbox (id, call, next_attempt_at, source_event, entity_ids)
       VALUES ('a', '{}', now(), 'order.placed', '{order_1,cus_1}'), ('b', '{}', now(), 'order.placed', '{order_2,cus_1}'), ('c', '{}', now(), NULL, '{}')`,
    );

    // Enough other orders for the planner to prefer the index over reading the table.
    await postgres.client.query(
      `INSERT INTO trackmap_outbox (id, call, next_attempt_at, source_event, entity_ids)
       SELECT 'm' || n, '{}', now(), 'order.placed', ARRAY['order_x' || n, 'cus_x' || n] FROM generate_series(1, 5000) AS n`,
    );
    // VACUUM moves GIN's pending entries into the index, where the planner counts them.
    await postgres.client.query("VACUUM ANALYZE trackmap_outbox");
    // Any of the ids (`&&`), as the store asks for a customer and their orders.
    const plan = await postgres.client.query(
      `EXPLAIN SELECT id FROM trackmap_outbox WHERE entity_ids && ARRAY['cus_1', 'order_1'] AND deleted_at IS NULL`,
      [],
    );
    const { rows } = await postgres.client.query(`SELECT id FROM trackmap_outbox WHERE entity_ids && ARRAY['order_2'] ORDER BY id`, []);

    expect(plan.rows.map((row: { "QUERY PLAN": string }) => row["QUERY PLAN"]).join("\n")).toContain("IDX_trackmap_outbox_entity_ids");
    expect(rows).toEqual([{ id: "b" }]);
  });

  it("reads the newest calls, of every status or of one, through its indexes on created_at, not the whole table", async () => {
    for (const statement of outboxTableSql()) await postgres.client.query(statement);
    await postgres.client.query(
      `INSERT INTO trackmap_outbox (id, call, status, next_attempt_at, created_at)
       SELECT 'r' || n, jsonb_build_object('type', 'track', 'event', 'Order Completed'), CASE WHEN n % 50 = 0 THEN 'dead' ELSE 'delivered' END,
              now(), now() - make_interval(secs => n)
       FROM generate_series(1, 5000) AS n`,
    );
    await postgres.client.query("ANALYZE trackmap_outbox");
    // The store's own statements, each with EXPLAIN before it.
    const plans: string[] = [];
    const explaining: SqlClient = {
      async query(text, values) {
        const { rows } = await postgres.client.query(`EXPLAIN ${text}`, values as unknown[]);
        plans.push(rows.map((row: { "QUERY PLAN": string }) => row["QUERY PLAN"]).join("\n"));
        return { rows: [] };
      },
    };
    const store = createPostgresOutboxStore(explaining);

    await store.listCalls({ limit: 20 });
    await store.listCalls({ limit: 20, status: "dead" });
    await store.listCalls({ limit: 20, event: "Order Completed" });

    const [newest, , dead, , ofEvent] = plans;
    expect(newest).toContain('Index Scan Backward using "IDX_trackmap_outbox_recent_created_at"');
    expect(dead).toContain('Index Scan Backward using "IDX_trackmap_outbox_recent_status_created_at"');
    expect(ofEvent).toContain('Index Scan Backward using "IDX_trackmap_outbox_recent_created_at"');
  });

  it("refuses a status the store does not know", async () => {
    for (const statement of outboxTableSql()) await postgres.client.query(statement);

    await expect(
      postgres.client.query(`INSERT INTO trackmap_outbox (id, call, status, next_attempt_at) VALUES ('m', '{}', 'sent', now())`),
    ).rejects.toThrow('new row for relation "trackmap_outbox" violates check constraint "trackmap_outbox_status_check"');
  });
});
