import jsonata from "jsonata";
import { describe, expect, it } from "vitest";
import { convertInput, isTruthy, MAX_INPUT_DEPTH, toPlainInput, toPlainOutput } from "./normalize";

describe("toPlainInput: host data as JSONata should see it", () => {
  it("honours toJSON (Dates, BigNumbers) and turns small bigints into numbers", () => {
    const bigNumber = { numeric: 12.5, raw: { value: "12.5" }, toJSON: () => 12.5 };

    expect(toPlainInput({ total: bigNumber, created_at: new Date(0), count: 3n })).toEqual({
      total: 12.5,
      created_at: "1970-01-01T00:00:00.000Z",
      count: 3,
    });
  });

  it("drops functions and undefined values", () => {
    const plain = toPlainInput({ id: "order_1", save: () => undefined, note: undefined });

    expect(plain).toEqual({ id: "order_1" });
    expect(Object.keys(plain as object)).toEqual(["id"]);
  });

  it("drops references back to an object being converted, instead of recursing forever", () => {
    const order: Record<string, unknown> = { id: "order_1" };
    const item = { sku: "A", order };
    order.items = [item];
    const shared = { code: "EUR" };

    expect(toPlainInput({ order, a: shared, b: shared })).toEqual({
      order: { id: "order_1", items: [{ sku: "A" }] },
      a: { code: "EUR" },
      b: { code: "EUR" },
    });
  });

  it("turns a bigint past 2^53 - 1 into its exact decimal text: an id stays the same id", () => {
    expect(toPlainInput({ id: 12345678901234567890n, small: -(2n ** 53n) + 1n })).toEqual({
      id: "12345678901234567890",
      small: -9007199254740991,
    });
  });

  it("leaves out what is nested deeper than MAX_INPUT_DEPTH, and says so, instead of overflowing the stack", () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let level = 0; level < 10_000; level++) deep = { child: deep };

    const { value, truncated } = convertInput({ id: "order_1", deep });

    expect(truncated).toBe(true);
    let levels = 0;
    for (let node = (value as { deep: { child?: unknown } }).deep; node?.child; node = node.child as { child?: unknown }) levels++;
    expect(levels).toBe(MAX_INPUT_DEPTH - 2);
    expect(convertInput({ id: "order_1", items: [{ sku: "A" }] })).toEqual({ value: { id: "order_1", items: [{ sku: "A" }] }, truncated: false });
  });

  it("ends a toJSON() that gives back an object with a toJSON() of its own", () => {
    const endless = { toJSON: (): unknown => ({ toJSON: endless.toJSON }) };

    expect(convertInput({ endless })).toEqual({ value: {}, truncated: true });
  });
});

describe("toPlainOutput: evaluation results as Segment should get them", () => {
  it("turns JSONata sequences into plain arrays", async () => {
    const result = await jsonata("items.sku").evaluate({ items: [{ sku: "A" }, { sku: "B" }] });

    const plain = toPlainOutput({ skus: result }) as { skus: unknown[] };

    expect(result.sequence).toBe(true);
    expect(plain.skus).toEqual(["A", "B"]);
    expect(Array.isArray(plain.skus)).toBe(true);
    expect(plain.skus).not.toHaveProperty("sequence");
  });

  it("drops undefined values and functions, and turns Dates into ISO text and non-finite numbers into null", async () => {
    const lambda = await jsonata("function($x) { $x }").evaluate({});
    const builtin = await jsonata("$sum").evaluate({});

    expect(
      toPlainOutput({
        at: new Date(Date.UTC(2024, 4, 1)),
        invalid: new Date("nope"),
        ratio: Number.POSITIVE_INFINITY,
        missing: undefined,
        list: [1, undefined, 2],
        lambda,
        builtin,
        callback: () => 1,
      }),
    ).toEqual({ at: "2024-05-01T00:00:00.000Z", invalid: null, ratio: null, list: [1, 2] });
  });
});

describe("isTruthy: JSONata's $boolean, for `when`", () => {
  it.each([
    [undefined, false],
    [null, false],
    ["", false],
    ["no", true],
    [0, false],
    [-1, true],
    [false, false],
    [[], false],
    [[0, ""], false],
    [[0, "x"], true],
    [{}, false],
    [{ a: 1 }, true],
  ])("%j is %s", (value, expected) => {
    expect(isTruthy(value)).toBe(expected);
  });
});
