import { describe, expect, it } from "vitest";
import { describeEventData } from "./describeEventData";

describe("describeEventData: an event's data for a log line", () => {
  it("shows the ids only, never the rest of the entity", () => {
    const customer = { id: "cus_1", email: "ada@example.com", password_hash: "$2b$10$abc", group_id: "cgrp_1", legacyId: 42, note: "vip" };

    expect(describeEventData(customer)).toBe('{"id":"cus_1","group_id":"cgrp_1","legacyId":42}');
  });

  it("is safe on what JSON.stringify throws on: back-references, BigInts, and a proxy that throws", () => {
    const order: Record<string, unknown> = { id: "order_1", customer_id: 12345678901234567890n };
    order.self = order;
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error("detached entity");
        },
      },
    );

    expect(describeEventData(order)).toBe('{"id":"order_1","customer_id":"12345678901234567890"}');
    expect(describeEventData(hostile)).toBe("");
  });

  it("gives nothing for data without ids, and keeps a long id short", () => {
    expect([describeEventData(undefined), describeEventData("order_1"), describeEventData({ total: 10 })]).toEqual(["", "", ""]);
    expect(describeEventData({ id: "x".repeat(150) })).toBe(`{"id":"${"x".repeat(100)}…"}`);
  });
});
