import { describe, expect, it } from "vitest";
import { createMemoryBackfillSource, historyOf } from "./backfillSource";

const at = (iso: string) => new Date(iso);
const record = (id: string, iso: string) => ({ id, createdAt: at(iso), events: [] });

describe("the memory backfill source", () => {
  const source = createMemoryBackfillSource([
    record("b", "2026-02-01T00:00:00Z"),
    record("a", "2026-02-01T00:00:00Z"),
    record("c", "2026-01-01T00:00:00Z"),
    record("d", "2026-03-01T00:00:00Z"),
  ]);

  it("pages oldest first, by creation date then id, after a position", async () => {
    const first = await source.page({}, undefined, 2);
    expect(first.map((r) => r.id)).toEqual(["c", "a"]);
    const next = await source.page({}, { createdAt: "2026-02-01T00:00:00.000Z", id: "a" }, 2);
    expect(next.map((r) => r.id)).toEqual(["b", "d"]);
  });

  it("keeps to the range: from inclusive, to exclusive", async () => {
    const range = { from: at("2026-02-01T00:00:00Z"), to: at("2026-03-01T00:00:00Z") };
    expect(await source.count(range)).toBe(2);
    expect((await source.page(range, undefined, 10)).map((r) => r.id)).toEqual(["a", "b"]);
  });
});

describe("historyOf", () => {
  it("gives a record's events in the order they happened, as emitted, only those asked for", () => {
    const history = {
      id: "order_1",
      createdAt: at("2026-01-01T00:00:00Z"),
      events: [
        { name: "order.canceled", data: { id: "order_1" }, at: at("2026-01-03T00:00:00Z") },
        { name: "order.placed", data: { id: "order_1" }, at: at("2026-01-01T00:00:00Z") },
        { name: "shipment.created", data: { id: "ful_1" }, at: at("2026-01-02T00:00:00Z") },
      ],
    };
    expect(historyOf(history).map((e) => e.name)).toEqual(["order.placed", "shipment.created", "order.canceled"]);
    expect(historyOf(history, new Set(["order.canceled", "order.placed"]))).toEqual([
      { name: "order.placed", data: { id: "order_1" } },
      { name: "order.canceled", data: { id: "order_1" } },
    ]);
  });
});
