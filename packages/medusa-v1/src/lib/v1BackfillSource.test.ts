import type { SqlClient } from "@trackmap/core";
import { useTestPostgres } from "@trackmap/core/test-helpers/testPostgres";
import { beforeAll, describe, expect, it } from "vitest";
import { v1BackfillSource } from "./v1BackfillSource";

// The source over Medusa 1.20's tables, reduced to the columns it reads, on a real PostgreSQL.

const database = useTestPostgres();
const sql: SqlClient = { query: (text, values) => database().query(text, [...values]) };

const TABLES = `
CREATE TABLE customer (id text PRIMARY KEY, email text, password_hash text, has_account boolean NOT NULL, created_at timestamptz NOT NULL, deleted_at timestamptz);
CREATE TABLE "order" (id text PRIMARY KEY, no_notification boolean, canceled_at timestamptz, created_at timestamptz NOT NULL);
CREATE TABLE swap (id text PRIMARY KEY, order_id text, no_notification boolean, confirmed_at timestamptz, created_at timestamptz NOT NULL, deleted_at timestamptz);
CREATE TABLE claim_order (id text PRIMARY KEY, order_id text, no_notification boolean, created_at timestamptz NOT NULL, deleted_at timestamptz);
CREATE TABLE fulfillment (id text PRIMARY KEY, order_id text, swap_id text, claim_order_id text, no_notification boolean, shipped_at timestamptz);
CREATE TABLE "return" (id text PRIMARY KEY, order_id text, swap_id text, claim_order_id text, no_notification boolean, received_at timestamptz);
INSERT INTO customer VALUES ('cus_guest', 'guest@example.com', NULL, false, '2025-01-01T10:00:00.000Z', NULL),
  ('cus_1', 'ada@example.com', '$2b$10$secret', true, '2025-01-02T10:00:00.000Z', NULL),
  ('cus_gone', 'gone@example.com', '$2b$10$secret', true, '2025-01-02T11:00:00.000Z', '2025-02-01T00:00:00Z');
INSERT INTO "order" VALUES ('order_1', NULL, NULL, '2025-01-01T12:00:00.123456Z'), ('order_2', true, '2025-03-05T00:00:00Z', '2025-01-01T12:00:00.123789Z'),
  ('order_3', false, NULL, '2025-02-01T00:00:00Z');
INSERT INTO fulfillment VALUES ('ful_1', 'order_1', NULL, NULL, NULL, '2025-01-03T00:00:00Z'), ('ful_unshipped', 'order_1', NULL, NULL, NULL, NULL),
  ('ful_swap', NULL, 'swap_1', NULL, false, '2025-01-20T00:00:00Z'), ('ful_claim', 'order_1', NULL, 'claim_1', NULL, '2025-01-21T00:00:00Z');
INSERT INTO "return" VALUES ('ret_1', 'order_1', NULL, NULL, NULL, '2025-01-10T00:00:00Z'), ('ret_requested', 'order_1', NULL, NULL, NULL, NULL),
  ('ret_swap', NULL, 'swap_1', NULL, NULL, '2025-01-19T00:00:00Z');
INSERT INTO claim_order VALUES ('claim_1', 'order_1', NULL, '2025-01-09T00:00:00Z', NULL);
INSERT INTO swap VALUES ('swap_1', 'order_1', true, '2025-01-16T00:00:00Z', '2025-01-15T00:00:00Z', NULL);
`;

beforeAll(async () => {
  await database().query(TABLES);
});

describe("the v1 backfill source", () => {
  it("counts customers with an account and orders in the range", async () => {
    const source = v1BackfillSource(sql);
    expect(await source.count({})).toBe(4);
    expect(await source.count({ from: new Date("2025-01-02T00:00:00Z"), to: new Date("2025-03-01T00:00:00Z") })).toBe(2);
  });

  it("gives each order's life as Medusa 1.20 emitted it, oldest first, with the data of the live events", async () => {
    const [order1, order2, customer, order3, ...rest] = await v1BackfillSource(sql).page({}, undefined, 10);
    expect(rest).toEqual([]);
    expect([order1?.id, order2?.id, customer?.id, order3?.id]).toEqual(["order_1", "order_2", "cus_1", "order_3"]);
    expect(order1?.createdAt.toISOString()).toBe("2025-01-01T12:00:00.123Z");
    expect(order1?.events.map(({ name, data, at }) => [name, data, at.toISOString()])).toEqual(
      expect.arrayContaining([
        ["order.placed", { id: "order_1", no_notification: null }, "2025-01-01T12:00:00.123Z"],
        ["order.shipment_created", { id: "order_1", fulfillment_id: "ful_1", no_notification: null }, "2025-01-03T00:00:00.000Z"],
        ["order.items_returned", { id: "order_1", return_id: "ret_1", no_notification: null }, "2025-01-10T00:00:00.000Z"],
        ["claim.created", { id: "claim_1", no_notification: null }, "2025-01-09T00:00:00.000Z"],
        ["swap.created", { id: "swap_1", no_notification: true }, "2025-01-15T00:00:00.000Z"],
        ["swap.payment_completed", { id: "swap_1", no_notification: true }, "2025-01-16T00:00:00.000Z"],
        ["swap.shipment_created", { id: "swap_1", fulfillment_id: "ful_swap", no_notification: true }, "2025-01-20T00:00:00.000Z"],
      ]),
    );
    // Not the unshipped fulfillment, the claim's shipment, the requested return or the swap's return.
    expect(order1?.events).toHaveLength(7);
    expect(order2?.events.map((event) => [event.name, event.data])).toEqual([
      ["order.placed", { id: "order_2", no_notification: true }],
      ["order.canceled", { id: "order_2", no_notification: true }],
    ]);
    // The whole customer record, as live, but never its password hash.
    expect(customer?.events.map((event) => [event.name, event.data])).toEqual([
      [
        "customer.created",
        { id: "cus_1", email: "ada@example.com", has_account: true, created_at: new Date("2025-01-02T10:00:00.000Z"), deleted_at: null },
      ],
    ]);
  });

  it("pages on after a checkpoint's position, never giving a record twice though PostgreSQL keeps microseconds", async () => {
    const source = v1BackfillSource(sql);
    const seen: string[] = [];
    let after: { createdAt: string; id: string } | undefined;
    for (;;) {
      const page = await source.page({}, after, 1);
      const last = page.at(-1);
      if (!last) break;
      seen.push(last.id);
      after = { createdAt: last.createdAt.toISOString(), id: last.id };
    }
    expect(seen).toEqual(["order_1", "order_2", "cus_1", "order_3"]);
  });
});
