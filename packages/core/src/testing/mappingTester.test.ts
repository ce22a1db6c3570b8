import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SegmentCall } from "../calls/segmentCall";
import { TrackmapError } from "../diagnostics/trackmapError";
import { createMappingTester, expectCalls, type MappingTester } from "./mappingTester";
import { writeTree } from "../testHelpers/writeTree";
import { CHECKED_MAPPING, SLOW_EMAIL } from "../testHelpers/runawayMapping";

async function thrown(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected it to throw");
}

/** The project's own default mappings, used read-only. */
// A frozen copy of an early default mapping set, so these tests do not move with mappings/.
const EXAMPLE_MAPPINGS = join(__dirname, "../__fixtures__/mappings");
const registered = JSON.parse(readFileSync(join(EXAMPLE_MAPPINGS, "fixtures/order-placed.registered.json"), "utf8"));

let tester: MappingTester;
beforeAll(async () => {
  tester = await createMappingTester({ mappings: [EXAMPLE_MAPPINGS] });
});
afterAll(() => tester.close());

describe("createMappingTester", () => {
  it("maps an input with the project's mappings, without a loader or a network", async () => {
    const { calls, errors } = await tester.map("order.placed", registered);

    expect(errors).toEqual([]);
    expect(calls.map((c) => c.type)).toEqual(["track", "identify"]);
    await expectCalls(calls, [
      {
        track: {
          event: "Order Completed",
          userId: "cus_01JDT4Y2H6P9Q3W8E5R7T1U4IO",
          properties: { order_id: "order_01JDT4Z7K3QW3Y0N4D2M6B8K9H", total: 123.02, currency: "EUR" },
        },
        assert: "= properties.total = $round(properties.revenue + properties.tax, 2)",
      },
      { identify: { userId: "cus_01JDT4Y2H6P9Q3W8E5R7T1U4IO", traits: { email: "ada.lovelace@example.com" } } },
    ]);
    expect(tester.mappings.events).toEqual(["order.placed"]);
  });

  it("takes the event's data from the input, or from `data`", async () => {
    const fromInput = await tester.map("order.placed", registered);
    const fromOption = await tester.map("order.placed", registered, { data: { id: "order_other" } });

    // The messageId derives from the event's data: a different event, a different id.
    expect(fromInput.calls[0]!.messageId).toMatch(/^tm-[0-9a-f]{32}$/);
    expect(fromOption.calls[0]!.messageId).not.toBe(fromInput.calls[0]!.messageId);
  });

  it("reports mapping errors in the result", async () => {
    const { calls, errors } = await tester.map("order.placed", {});

    expect(calls).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(["TM_RECORD_NOT_FOUND"]);
  });

  it("redacts the keys it is given", async () => {
    const redacting = await createMappingTester({ mappings: EXAMPLE_MAPPINGS, redact: ["email"] });

    const { calls } = await redacting.map("order.placed", registered);
    await redacting.close();

    expect(JSON.stringify(calls)).not.toContain("ada.lovelace@example.com");
  });

  it("throws TM_NO_MAPPING for an event no mapping handles, naming those handled", async () => {
    const error = await thrown(() => tester.map("order.shipped", registered));

    expect(error).toBeInstanceOf(TrackmapError);
    expect(error).toMatchObject({ code: "TM_NO_MAPPING", message: 'no mapping handles "order.shipped" (handled: order.placed)' });
  });

  it("throws TM_INVALID_MAPPINGS with every problem as file:line:col", async () => {
    const dir = await writeTree({
      "order-placed.yaml": "on: order.placed\ncalls:\n  - track: { event: A, userId: '= (' }\n  - identify: { userId: u, colour: red }\n",
    });

    const error = await thrown(() => createMappingTester({ mappings: dir }));

    expect(error).toMatchObject({ code: "TM_INVALID_MAPPINGS" });
    expect(error.message).toContain(
      `${join(dir, "order-placed.yaml")}:3:36: error TM_JSONATA_SYNTAX JSONata S0203: Expected ")" before end of expression`,
    );
    expect(error.message).toContain(`${join(dir, "order-placed.yaml")}:4:28: error TM_UNKNOWN_KEY unknown key "colour" in calls[1].identify`);
  });
});

describe("expectCalls", () => {
  const calls: SegmentCall[] = [
    { type: "track", event: "Order Completed", userId: "u1", messageId: "m1", properties: { total: 10, currency: "EUR" } },
    { type: "identify", userId: "u1", messageId: "m2", traits: { email: "a@example.com" } },
  ];

  it("accepts partial calls by default and exact ones with match: equals", async () => {
    await expectCalls(calls, [{ track: { properties: { total: 10 } } }, { identify: {} }]);
    await expectCalls(
      calls,
      [
        { track: { event: "Order Completed", userId: "u1", properties: { total: 10, currency: "EUR" } }, match: "equals" },
        { identify: { userId: "u1", traits: { email: "a@example.com" } } },
      ],
      { match: "equals" },
    );
  });

  it("throws with every mismatch, its diff, and the actual calls", async () => {
    const error = await thrown(() => expectCalls(calls, [{ track: { properties: { total: 11 } }, assert: ["= properties.currency = 'USD'"] }]));

    expect(error.message).toBe(
      [
        "The calls differ from the expected ones:",
        "",
        'expected 1 call(s), received 2: track "Order Completed", identify',
        "",
        'call 0 (track "Order Completed"): properties.total: expected 11, received 10',
        "- Expected",
        "+ Received",
        "",
        "  properties.total:",
        "-   11",
        "+   10",
        "",
        `call 0 (track "Order Completed"): assert "properties.currency = 'USD'" is false (gave false)`,
        "",
        "Actual calls:",
        JSON.stringify(calls, null, 2),
      ].join("\n"),
    );
  });

  it("refuses an expected call that names no type or two", async () => {
    const none = await thrown(() => expectCalls(calls, [{ match: "equals" }]));
    const two = await thrown(() => expectCalls(calls, [{ track: {}, identify: {} }]));

    expect(none).toMatchObject({ code: "TM_INVALID_OPTIONS", message: "expected[0] must name exactly one call type" });
    expect(two).toMatchObject({ code: "TM_INVALID_OPTIONS", message: "expected[0] must name exactly one call type" });
  });
});

describe("createMappingTester: a runaway mapping", () => {
  it("gives TM_EVAL_TIMEOUT at the budget instead of hanging the test", async () => {
    const dir = await writeTree({ "checked.yaml": CHECKED_MAPPING });
    const runaway = await createMappingTester({ mappings: dir, budget: { budgetMs: 300 } });
    try {
      const { calls, errors } = await runaway.map("customer.checked", {}, { data: { id: "cus_1", email: SLOW_EMAIL } });

      expect(calls).toEqual([]);
      expect(errors.map((e) => [e.code, e.details.path])).toEqual([["TM_EVAL_TIMEOUT", "calls[0].track"]]);
    } finally {
      await runaway.close();
    }
  });
});
