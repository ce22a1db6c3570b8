import { describe, expect, it } from "vitest";
import { stringifyInSlices } from "./stringifyInSlices";

describe("stringifyInSlices", () => {
  it("writes the same text as JSON.stringify, with its byte length", async () => {
    const value = {
      order: {
        id: "order_1",
        created_at: new Date("2026-12-01T10:00:00Z"),
        total: { toJSON: () => 12.5 },
        note: "crème brûlée",
        skipped: undefined,
        method() {},
        items: [{ id: "a", tags: [1, undefined, () => 1, { deep: { deeper: [null, true] } }] }, undefined, [], {}],
      },
      empty: {},
    };
    const text = JSON.stringify(value);

    expect(await stringifyInSlices(value)).toEqual({ text, bytes: Buffer.byteLength(text) });
  });

  it("lets the event loop run while it writes a large value", async () => {
    const order = { items: Array.from({ length: 5000 }, (_, i) => ({ id: `line_${i}`, title: "x".repeat(200), quantity: i })) };
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);

    const { text } = await stringifyInSlices({ order }, 0.5);
    clearInterval(ticking);

    expect(text).toBe(JSON.stringify({ order }));
    expect(turns).toBeGreaterThan(0);
  });

  it("throws as JSON.stringify does for a cycle", async () => {
    const order: Record<string, unknown> = { id: "order_1", items: [] };
    (order.items as unknown[]).push({ id: "line_1", order });

    await expect(stringifyInSlices({ order })).rejects.toThrow(/circular/);
  });
});
