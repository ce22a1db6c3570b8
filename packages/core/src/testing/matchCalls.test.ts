import { describe, expect, it } from "vitest";
import type { CallType, JsonObject, SegmentCall } from "../calls/segmentCall";
import { SourceFile } from "../diagnostics/sourceFile";
import { sliceExpression } from "../diagnostics/expressionSource";
import { matchCalls } from "./matchCalls";
import type { ExpectedCall, MatchMode } from "./readTestFile";

/** An expected call as readTestFile gives it; `asserts` are written with their `=`. */
function expected(type: CallType, fields: JsonObject, options: { match?: MatchMode; asserts?: string[]; line?: number } = {}): ExpectedCall {
  const asserts = (options.asserts ?? []).map((text, i) => {
    const source = new SourceFile("t.test.yaml", text.replace(/^\s*=/, ""));
    return sliceExpression(source, 0, source.text.length, `assert/${i}`);
  });
  return { type, fields, match: options.match ?? "contains", asserts, line: options.line ?? 0 };
}

const order: SegmentCall = {
  type: "track",
  event: "Order Completed",
  userId: "cus_1",
  messageId: "tm-0123",
  timestamp: "2026-11-20T09:41:12.415Z",
  properties: {
    order_id: "order_1",
    total: 59.34,
    currency: "EUR",
    products: [
      { sku: "SHIRT", price: 25, quantity: 2, tags: ["a", "b"] },
      { sku: "PANTS", price: 9.34, quantity: 1, tags: [] },
    ],
  },
};
const identify: SegmentCall = { type: "identify", userId: "cus_1", messageId: "tm-4567", traits: { email: "ada@example.com" } };

describe("matchCalls: contains (the default)", () => {
  it("accepts calls that have at least the expected fields, at any depth, in order", async () => {
    const mismatches = await matchCalls(
      [order, identify],
      [
        expected("track", { event: "Order Completed", properties: { total: 59.34, products: [{ sku: "SHIRT" }, { price: 9.34 }] } }),
        expected("identify", { traits: { email: "ada@example.com" } }),
      ],
    );

    expect(mismatches).toEqual([]);
  });

  it("gives the path of the first difference inside nested lists, with every differing path, compact", async () => {
    const mismatches = await matchCalls(
      [order],
      [expected("track", { properties: { products: [{ sku: "SHIRT" }, { sku: "PANTS", price: 9.99 }] } }, { line: 7 })],
    );

    expect(mismatches).toEqual([
      {
        index: 0,
        line: 7,
        path: "properties.products[1].price",
        message: 'call 0 (track "Order Completed"): properties.products[1].price: expected 9.99, received 9.34',
        diff: ["- Expected", "+ Received", "", "  properties.products[1].price:", "-   9.99", "+   9.34"].join("\n"),
        differences: [{ path: ["properties", "products", 1, "price"], expected: 9.99, received: 9.34 }],
      },
    ]);
  });

  it("shows the whole calls as a line diff with full", async () => {
    const mismatches = await matchCalls(
      [order],
      [expected("track", { properties: { products: [{ sku: "SHIRT" }, { sku: "PANTS", price: 9.99 }] } }, { line: 7 })],
      { full: true },
    );

    expect(mismatches[0]?.diff).toBe(
      [
        "- Expected",
        "+ Received",
        "",
        "@@ -6,5 +6,5 @@",
        "        },",
        "        {",
        '-         "price": 9.99,',
        '+         "price": 9.34,',
        '          "sku": "PANTS",',
        "        },",
      ].join("\n"),
    );
  });

  it("goes into lists of lists", async () => {
    const mismatches = await matchCalls([order], [expected("track", { properties: { products: [{ tags: ["a", "c"] }, {}] } })]);

    expect(mismatches.map((m) => [m.path, m.message])).toEqual([
      ["properties.products[0].tags[1]", 'call 0 (track "Order Completed"): properties.products[0].tags[1]: expected "c", received "b"'],
    ]);
  });

  it("compares lists by length, even in contains mode", async () => {
    const mismatches = await matchCalls([order], [expected("track", { properties: { products: [{ sku: "SHIRT" }] } })]);

    expect(mismatches.map((m) => m.message)).toEqual(['call 0 (track "Order Completed"): properties.products: expected 1 item(s), received 2']);
  });

  it("reports a missing field and a call of another type", async () => {
    const mismatches = await matchCalls(
      [order, identify],
      [expected("track", { properties: { coupon: "WELCOME10" } }), expected("group", { groupId: "company_1" })],
    );

    expect(mismatches.map((m) => [m.index, m.path, m.message])).toEqual([
      [0, "properties.coupon", 'call 0 (track "Order Completed"): properties.coupon: missing (expected "WELCOME10")'],
      [1, "type", 'call 1 (identify): type: expected "group", received "identify"'],
    ]);
  });

  it("treats a computed -0 as the 0 that JSON would send", async () => {
    const refund: SegmentCall = { type: "track", event: "Refund", userId: "u", properties: { total: -0 } };

    expect(await matchCalls([refund], [expected("track", { properties: { total: 0 } })])).toEqual([]);
  });
});

describe("matchCalls: equals", () => {
  it("accepts exactly the expected fields, ignoring messageId and timestamp", async () => {
    const mismatches = await matchCalls(
      [identify, order],
      [
        expected("identify", { userId: "cus_1", traits: { email: "ada@example.com" } }, { match: "equals" }),
        expected("track", { event: "Order Completed", userId: "cus_1", properties: order.properties! }, { match: "equals" }),
      ],
    );

    expect(mismatches).toEqual([]);
  });

  it("reports a field that is not expected, at any depth", async () => {
    const mismatches = await matchCalls(
      [identify, { ...identify, traits: { email: "ada@example.com", phone: "+44" } }],
      [
        expected("identify", { traits: { email: "ada@example.com" } }, { match: "equals", line: 3 }),
        expected("identify", { userId: "cus_1", traits: { email: "ada@example.com" } }, { match: "equals", line: 6 }),
      ],
    );

    expect(mismatches.map((m) => [m.index, m.line, m.path, m.message])).toEqual([
      [0, 3, "userId", 'call 0 (identify): userId: not expected (received "cus_1")'],
      [1, 6, "traits.phone", 'call 1 (identify): traits.phone: not expected (received "+44")'],
    ]);
    expect(mismatches[0]!.diff).toBe(["- Expected", "+ Received", "", "  userId:", "    (not expected)", "+   cus_1"].join("\n"));
  });

  it("compares messageId and timestamp when the expected call pins them", async () => {
    const mismatches = await matchCalls(
      [order],
      [
        expected(
          "track",
          { event: "Order Completed", userId: "cus_1", properties: order.properties!, messageId: "tm-other", timestamp: order.timestamp! },
          { match: "equals" },
        ),
      ],
    );

    expect(mismatches.map((m) => m.message)).toEqual(['call 0 (track "Order Completed"): messageId: expected "tm-other", received "tm-0123"']);
  });
});

describe("matchCalls: the number of calls", () => {
  it("reports a count mismatch with the calls received, and still compares the pairs", async () => {
    const mismatches = await matchCalls([order, identify], [expected("track", { event: "Order Placed" })]);

    expect(mismatches.map(({ diff: _, differences: __, ...m }) => m)).toEqual([
      { message: 'expected 1 call(s), received 2: track "Order Completed", identify' },
      {
        index: 0,
        line: 0,
        path: "event",
        message: 'call 0 (track "Order Completed"): event: expected "Order Placed", received "Order Completed"',
      },
    ]);
  });

  it("says none when no call was produced", async () => {
    expect(await matchCalls([], [expected("identify", {})])).toEqual([{ message: "expected 1 call(s), received 0: none" }]);
  });

  it("accepts no call when none is expected", async () => {
    expect(await matchCalls([], [])).toEqual([]);
  });
});

describe("matchCalls: assert predicates", () => {
  it("passes when every predicate is truthy, with the built-in functions available", async () => {
    const mismatches = await matchCalls(
      [order],
      [expected("track", {}, { asserts: ["= properties.total = $money(59.3355, 'EUR')", "= $count(properties.products) = 2", "= userId"] })],
    );

    expect(mismatches).toEqual([]);
  });

  it("reports a false predicate with what it gave, and one that fails to run with JSONata's message", async () => {
    const mismatches = await matchCalls(
      [order],
      [expected("track", {}, { line: 4, asserts: ["= properties.total > 100", "= $exists(anonymousId)", '= $number("lots") > 0'] })],
    );

    expect(mismatches).toEqual([
      { index: 0, line: 4, message: 'call 0 (track "Order Completed"): assert "properties.total > 100" is false (gave false)' },
      { index: 0, line: 4, message: 'call 0 (track "Order Completed"): assert "$exists(anonymousId)" is false (gave false)' },
      {
        index: 0,
        line: 4,
        message: 'call 0 (track "Order Completed"): assert "$number("lots") > 0" failed to run: Unable to cast value to a number: "lots"',
      },
    ]);
  });

  it("reports a predicate that gives nothing as false", async () => {
    const mismatches = await matchCalls([identify], [expected("identify", {}, { asserts: ["= traits.phone"] })]);

    expect(mismatches.map((m) => m.message)).toEqual(['call 0 (identify): assert "traits.phone" is false (gave undefined)']);
  });

  it("stops a runaway predicate at the evaluation limits instead of hanging", async () => {
    const recursion = "= ($f := function($n) { 1 + $f($n + 1) }; $f(0))";
    const loop = "= ($f := function($n) { $f($n + 1) }; $f(0))";

    // Each limit alone: on a loaded machine the recursion could otherwise hit the timeout before the depth.
    const deep = await matchCalls([identify], [expected("identify", {}, { asserts: [recursion] })], { limits: { maxDepth: 50, timeoutMs: 10_000 } });
    const endless = await matchCalls([identify], [expected("identify", {}, { asserts: [loop] })], { limits: { maxDepth: 50, timeoutMs: 50 } });

    expect([...deep, ...endless].map((m) => m.message)).toEqual([
      expect.stringMatching(/^call 0 \(identify\): assert ".+" failed to run: Stack overflow/),
      expect.stringMatching(/^call 0 \(identify\): assert ".+" failed to run: Evaluation timeout after 50 milliseconds/),
    ]);
  });

  it("checks predicates even when the fields differ", async () => {
    const mismatches = await matchCalls([identify], [expected("identify", { userId: "cus_2" }, { asserts: ["= false"] })]);

    expect(mismatches.map((m) => m.message)).toEqual([
      'call 0 (identify): userId: expected "cus_2", received "cus_1"',
      'call 0 (identify): assert "false" is false (gave false)',
    ]);
  });
});
