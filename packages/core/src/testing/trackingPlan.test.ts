import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SegmentCall } from "../calls/segmentCall";
import { loadTrackingPlan } from "./trackingPlan";
import { writeTree } from "../testHelpers/writeTree";

const ORDER_COMPLETED = JSON.stringify({
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "Order Completed",
  type: "object",
  required: ["event", "properties"],
  properties: {
    properties: {
      type: "object",
      required: ["order_id", "currency"],
      properties: {
        currency: { type: "string", pattern: "^[A-Z]{3}$" },
        products: { type: "array", items: { type: "object", properties: { quantity: { type: "integer", minimum: 1 } } } },
      },
    },
  },
});
const IDENTIFY = JSON.stringify({
  title: "identify",
  type: "object",
  properties: { traits: { type: "object", required: ["email"], properties: { email: { type: "string", format: "email" } } } },
});

describe("loadTrackingPlan", () => {
  it("checks track calls by event name and other calls by type, naming the schema file", async () => {
    const dir = await writeTree({
      "tracking-plan/order-completed.json": ORDER_COMPLETED,
      "tracking-plan/identify.json": IDENTIFY,
    });
    const { plan, diagnostics } = await loadTrackingPlan([dir]);
    const orderSchema = join(dir, "tracking-plan/order-completed.json");
    const identifySchema = join(dir, "tracking-plan/identify.json");

    const good: SegmentCall = {
      type: "track",
      event: "Order Completed",
      userId: "u",
      properties: { order_id: "o1", currency: "EUR", products: [{ quantity: 1 }] },
    };
    const bad: SegmentCall = {
      type: "track",
      event: "Order Completed",
      userId: "u",
      properties: { currency: "eur", products: [{ quantity: 1 }, { quantity: 0 }] },
    };

    expect(diagnostics).toEqual([]);
    expect(plan.size).toBe(2);
    expect(plan.check(good)).toEqual([]);
    expect(plan.check(bad)).toEqual([
      `properties must have required property 'order_id' (tracking plan ${orderSchema})`,
      `properties.currency must match pattern "^[A-Z]{3}$" (tracking plan ${orderSchema})`,
      `properties.products[1].quantity must be >= 1 (tracking plan ${orderSchema})`,
    ]);
    expect(plan.check({ type: "track", event: "Order Completed", userId: "u" })).toEqual([
      `the call must have required property 'properties' (tracking plan ${orderSchema})`,
    ]);
    expect(plan.check({ type: "identify", userId: "u", traits: { email: "not an email" } })).toEqual([
      `traits.email must match format "email" (tracking plan ${identifySchema})`,
    ]);
    // No schema for it: nothing to say.
    expect(plan.check({ type: "track", event: "Product Viewed", userId: "u", properties: { anything: true } })).toEqual([]);
  });

  it("reports a schema without title, invalid JSON and an invalid schema as diagnostics of their files", async () => {
    const dir = await writeTree({
      "tracking-plan/untitled.json": JSON.stringify({ type: "object" }),
      "tracking-plan/broken.json": '{ "title": "Broken", ',
      "tracking-plan/wrong.json": JSON.stringify({ title: "Wrong", type: "thing" }),
      "tracking-plan/notes.md": "not a schema",
      "tracking-plan/order-completed.json": ORDER_COMPLETED,
    });

    const { plan, diagnostics } = await loadTrackingPlan([dir]);

    expect(diagnostics).toEqual([
      {
        code: "TM_TRACKING_PLAN",
        severity: "error",
        file: join(dir, "tracking-plan/broken.json"),
        line: 0,
        column: 0,
        message: expect.stringMatching(/^not a valid JSON Schema: .*JSON/),
      },
      {
        code: "TM_TRACKING_PLAN",
        severity: "error",
        file: join(dir, "tracking-plan/untitled.json"),
        line: 0,
        column: 0,
        message: 'the schema needs a "title": the track event name, or identify / group / page / alias',
      },
      {
        code: "TM_TRACKING_PLAN",
        severity: "error",
        file: join(dir, "tracking-plan/wrong.json"),
        line: 0,
        column: 0,
        message: expect.stringMatching(/^not a valid JSON Schema: schema is invalid: data\/type must be equal to one of the allowed values/),
      },
    ]);
    // The valid schemas still apply.
    expect(plan.size).toBe(1);
  });

  it("is empty for roots without a tracking-plan folder", async () => {
    const dir = await writeTree({ "order-placed.yaml": "on: order.placed\ncalls: []\n" });

    const { plan, diagnostics } = await loadTrackingPlan([dir, join(dir, "missing")]);

    expect(diagnostics).toEqual([]);
    expect(plan.size).toBe(0);
    expect(plan.check({ type: "identify", userId: "u" })).toEqual([]);
  });
});
