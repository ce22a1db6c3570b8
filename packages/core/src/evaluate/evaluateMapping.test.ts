import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { CompiledMapping } from "../compile/compiledMapping";
import { loadMappings, type LoadOptions } from "../pipeline/loadMappings";
import { evaluateMapping } from "./evaluateMapping";
import { MappingRunError } from "./mappingRunError";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** Loads `files` from a fresh temporary folder; they must be free of errors. */
async function load(files: Record<string, string>, options?: LoadOptions) {
  const dir = await mkdtemp(join(tmpdir(), "trackmap-eval-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  const { mappings, diagnostics } = await loadMappings(dir, options);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const mapping = (event: string): CompiledMapping => mappings.forEvent(event)!;
  return { dir, mapping };
}

/** A Medusa-like BigNumber: an object whose JSON form is a number. */
class BigNumber {
  constructor(private readonly raw: string) {}
  toJSON(): number {
    return Number(this.raw);
  }
}

describe("evaluateMapping: results are plain JSON", () => {
  it("turns sequences into arrays, drops missing values, and converts Dates and BigNumbers", async () => {
    const { mapping } = await load({
      "order-placed.yaml": `on: order.placed
load:
  order: { entity: order, id: "= event.data.id" }
calls:
  - track:
      event: Order Completed
      userId: "= order.customer_id"
      timestamp: "= order.created_at"
      properties:
        total: "= order.total"
        doubled: "= order.total * 2"
        skus: "= order.items.sku"
        first_sku: "= order.items[0].sku"
        coupon: "= order.coupon_code"
        lines: "= order.items.{ 'sku': sku, 'note': note }"
`,
    });
    const order = {
      id: "order_1",
      customer_id: "cus_1",
      created_at: new Date("2024-05-01T10:00:00Z"),
      total: new BigNumber("59.5"),
      items: [{ sku: "A", note: undefined }, { sku: "B" }],
    };

    const outcome = await evaluateMapping(mapping("order.placed"), { name: "order.placed", data: { id: "order_1" } }, { records: { order } });

    expect(outcome.errors).toEqual([]);
    const { call } = outcome.calls[0]!;
    expect(call).toEqual({
      type: "track",
      event: "Order Completed",
      userId: "cus_1",
      timestamp: "2024-05-01T10:00:00.000Z",
      properties: { total: 59.5, doubled: 119, skus: ["A", "B"], first_sku: "A", lines: [{ sku: "A" }, { sku: "B" }] },
    });
    const properties = call.properties as Record<string, unknown>;
    expect(Array.isArray(properties.skus)).toBe(true);
    expect(properties.skus).not.toHaveProperty("sequence");
    expect(properties).not.toHaveProperty("coupon");
    expect(JSON.stringify(call)).toBe(JSON.stringify(structuredClone(call)));
    expect(outcome.input).toEqual({
      event: { name: "order.placed", data: { id: "order_1" }, metadata: {} },
      order: { ...order, created_at: "2024-05-01T10:00:00.000Z", total: 59.5, items: [{ sku: "A" }, { sku: "B" }] },
    });
  });
});

describe("evaluateMapping: when and each", () => {
  const files = {
    "order-placed.yaml": `on: order.placed
calls:
  - when: "= event.data.total > 100"
    track: { event: Big Order, userId: u }
  - when: "= $count(event.data.items) > 0"
    track: { event: Order Completed, userId: u }
  - each: "= event.data.items"
    when: "= $item.sku != 'gift-wrap'"
    track:
      event: Product Purchased
      userId: u
      properties: { sku: "= $item.sku", position: "= $index", of: "= $count(event.data.items)" }
`,
  };

  it("skips a call whose `when` is false, and makes one call per item of `each`", async () => {
    const { mapping } = await load(files);
    const event = { name: "order.placed", data: { total: 40, items: [{ sku: "A" }, { sku: "gift-wrap" }, { sku: "B" }] } };

    const outcome = await evaluateMapping(mapping("order.placed"), event);

    expect(outcome.errors).toEqual([]);
    expect(outcome.calls.map(({ call, label, item }) => ({ call, label, item }))).toEqual([
      { call: { type: "track", event: "Order Completed", userId: "u" }, label: "calls[1].track", item: undefined },
      {
        call: { type: "track", event: "Product Purchased", userId: "u", properties: { sku: "A", position: 0, of: 3 } },
        label: "calls[2].track",
        item: 0,
      },
      {
        call: { type: "track", event: "Product Purchased", userId: "u", properties: { sku: "B", position: 2, of: 3 } },
        label: "calls[2].track",
        item: 2,
      },
    ]);
  });

  it("makes no call when `each` gives nothing, and one when it gives a single object", async () => {
    const { mapping } = await load(files);

    const none = await evaluateMapping(mapping("order.placed"), { name: "order.placed", data: { total: 1 } });
    const one = await evaluateMapping(mapping("order.placed"), { name: "order.placed", data: { total: 1, items: { sku: "A" } } });

    expect(none.calls).toEqual([]);
    expect(one.calls.map((c) => c.call.event)).toEqual(["Order Completed", "Product Purchased"]);
  });
});

describe("evaluateMapping: run-time errors", () => {
  it("names the event, the file, the line and column of the expression, and the JSONata code", async () => {
    const { dir, mapping } = await load({
      "order-placed.yaml": `on: order.placed
calls:
  - track:
      event: Order Completed
      userId: u
      properties:
        order: "= event.data.display_id"
        total: "= event.data.currency + 1"
  - track: { event: Order Placed, userId: u }
`,
    });
    const file = join(dir, "order-placed.yaml");

    const outcome = await evaluateMapping(mapping("order.placed"), { name: "order.placed", data: { currency: "eur" } });

    // The failing call is reported; the other call of the event is still made.
    expect(outcome.calls.map((c) => c.call.event)).toEqual(["Order Placed"]);
    expect(outcome.errors).toHaveLength(1);
    const [error] = outcome.errors;
    expect(error).toBeInstanceOf(MappingRunError);
    expect(error!.code).toBe("TM_EVAL_ERROR");
    expect(error!.message).toBe(
      `order.placed: ${file}:8:39: TM_EVAL_ERROR T2001 The left side of the "+" operator must evaluate to a number (at calls[0].track.properties.total)`,
    );
    expect(error!.details).toEqual({
      code: "TM_EVAL_ERROR",
      event: "order.placed",
      file,
      line: 8,
      column: 39,
      path: "calls[0].track.properties.total",
      jsonataCode: "T2001",
      mapping: file,
      reason: 'The left side of the "+" operator must evaluate to a number',
    });
  });

  it("points at the line in the library file when the error is inside a library function", async () => {
    const { dir, mapping } = await load({
      "lib/commerce.yaml": `library: commerce
functions:
  label: |
    function($line) {
      $line.title & " x" & $line.quantity + 1
    }
`,
      "order-placed.yaml": `on: order.placed
use: [commerce]
calls:
  - track:
      event: Order Completed
      userId: u
      properties: { first: "= $label(event.data.items[0])" }
`,
    });

    const outcome = await evaluateMapping(mapping("order.placed"), {
      name: "order.placed",
      data: { items: [{ title: "Mug", quantity: "two" }] },
    });

    expect(outcome.errors.map((e) => e.message)).toEqual([
      `order.placed: ${join(dir, "lib/commerce.yaml")}:5:43: TM_EVAL_ERROR T2001 The left side of the "+" operator must evaluate to a number (at functions.label) [mapping ${join(dir, "order-placed.yaml")}]`,
    ]);
  });

  it("stops infinite recursion and infinite loops at the configured limits, then evaluates normally", async () => {
    const { mapping } = await load(
      {
        "loops.yaml": `on: loops
functions:
  deep: "function($x) { $deep($x) + 1 }"
  spin: "function($x) { $spin($x + 1) }"
calls:
  - track: { event: Deep, userId: u, properties: { v: "= $deep(1)" } }
  - track: { event: Spin, userId: u, properties: { v: "= $spin(1)" } }
`,
        "good.yaml": `on: good
calls:
  - track: { event: Good, userId: u, properties: { sum: "= $sum([1, 2, 3])" } }
`,
      },
      { limits: { timeoutMs: 200, maxDepth: 200 } },
    );

    const loops = await evaluateMapping(mapping("loops"), { name: "loops" });
    const good = await evaluateMapping(mapping("good"), { name: "good" });

    expect(loops.calls).toEqual([]);
    // Recursion fails inside the function. A tail-call loop is stopped wherever the clock
    // runs out: inside the function, or at the call that entered the loop.
    expect(loops.errors.map((e) => [e.code, e.details.jsonataCode])).toEqual([
      ["TM_EVAL_DEPTH", "D1011"],
      ["TM_EVAL_TIMEOUT", "D1012"],
    ]);
    expect(loops.errors[0]!.details.path).toBe("functions.deep");
    expect(["functions.spin", "calls[1].track.properties.v"]).toContain(loops.errors[1]!.details.path);
    expect(loops.errors[0]!.message).toContain("(limit: maxDepth 200)");
    expect(loops.errors[1]!.message).toContain("Evaluation timeout after 200 milliseconds");
    expect(good.errors).toEqual([]);
    expect(good.calls[0]!.call).toEqual({ type: "track", event: "Good", userId: "u", properties: { sum: 6 } });
  });

  it("reports event data that cannot be read (a getter that throws) as TM_BAD_INPUT, and makes no call", async () => {
    const { dir, mapping } = await load({
      "m.yaml": `on: customer.created
calls:
  - track: { event: Signed Up, userId: = event.data.id }
`,
    });
    const detached = {
      id: "cus_1",
      get addresses(): never {
        throw new Error("entity is detached from its ORM session");
      },
    };

    const outcome = await evaluateMapping(mapping("customer.created"), { name: "customer.created", data: detached });

    expect(outcome.calls).toEqual([]);
    expect(outcome.errors.map((e) => e.message)).toEqual([
      `customer.created: ${join(dir, "m.yaml")}: TM_BAD_INPUT event.data could not be read: entity is detached from its ORM session (at event.data)`,
    ]);
  });

  it("describes the value JSONata quotes in its message instead of quoting it: it may be a secret", async () => {
    const { dir, mapping } = await load({
      "m.yaml": `on: customer.created
calls:
  - identify:
      userId: u
      traits: { pin: "= $number(event.data.password_hash)" }
`,
    });

    const outcome = await evaluateMapping(mapping("customer.created"), {
      name: "customer.created",
      data: { password_hash: "$2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234" },
    });

    expect(outcome.errors.map((e) => e.message)).toEqual([
      `customer.created: ${join(dir, "m.yaml")}:5:25: TM_EVAL_ERROR D3030 Unable to cast value to a number: (text of 60 characters) (at calls[0].identify.traits.pin)`,
    ]);
  });

  it("reports a call body that is not an object, by its type and size, never quoting it", async () => {
    const { dir, mapping } = await load({
      "m.yaml": `on: order.placed
calls:
  - identify: "= event.data.customer"
  - track: "= 'Order Completed'"
`,
    });

    const outcome = await evaluateMapping(mapping("order.placed"), { name: "order.placed" });

    expect(outcome.errors.map((e) => e.message)).toEqual([
      `order.placed: ${join(dir, "m.yaml")}:3:5: TM_BAD_RESULT calls[0].identify gave nothing; expected an object of call fields (at calls[0].identify)`,
      `order.placed: ${join(dir, "m.yaml")}:4:5: TM_BAD_RESULT calls[1].track gave text of 15 characters; expected an object of call fields (at calls[1].track)`,
    ]);
  });
});

describe("evaluateMapping: records to load", () => {
  const files = {
    "order-placed.yaml": `on: order.placed
load:
  order: { entity: order, id: "= event.data.id", fields: [id, customer_id, total] }
  customer: { entity: customer, id: "= order.customer_id", optional: true }
calls:
  - track:
      event: Order Completed
      userId: "= order.customer_id"
      properties: { total: "= order.total", email: "= customer.email" }
`,
  };
  const event = { name: "order.placed", data: { id: "order_1" } };

  it("asks the loader for each record, in order, with the id evaluated", async () => {
    const { mapping } = await load(files);
    const loader = vi.fn(async (request: { entity: string }) =>
      request.entity === "order" ? { id: "order_1", customer_id: "cus_1", total: 10 } : { email: "a@example.com" },
    );

    const outcome = await evaluateMapping(mapping("order.placed"), event, { loader });

    expect(loader.mock.calls.map(([request]) => request)).toEqual([
      { name: "order", entity: "order", id: "order_1", fields: ["id", "customer_id", "total"] },
      { name: "customer", entity: "customer", id: "cus_1", fields: [] },
    ]);
    expect(outcome.calls[0]!.call.properties).toEqual({ total: 10, email: "a@example.com" });
  });

  it("does not load records given with the event", async () => {
    const { mapping } = await load(files);
    const loader = vi.fn(async () => ({ email: "loaded@example.com" }));

    const outcome = await evaluateMapping(mapping("order.placed"), event, {
      records: { order: { customer_id: "cus_1", total: 10 } },
      loader,
    });

    expect(loader).toHaveBeenCalledTimes(1);
    expect(outcome.calls[0]!.call.properties).toEqual({ total: 10, email: "loaded@example.com" });
  });

  it("fails when a record is missing and there is no loader", async () => {
    const { dir, mapping } = await load(files);

    const outcome = await evaluateMapping(mapping("order.placed"), event);

    expect(outcome.calls).toEqual([]);
    expect(outcome.errors.map((e) => e.message)).toEqual([
      `order.placed: ${join(dir, "order-placed.yaml")}:3:3: TM_RECORD_NOT_FOUND record "order" is not in the input, and no loader was given to load it (at load.order)`,
    ]);
  });

  it("fails when the loader finds nothing, unless the record is optional", async () => {
    const { dir, mapping } = await load(files);
    const onlyOrders = async ({ entity }: { entity: string }) => (entity === "order" ? { customer_id: "cus_1", total: 10 } : null);

    const missingOrder = await evaluateMapping(mapping("order.placed"), event, { loader: async () => null });
    const missingCustomer = await evaluateMapping(mapping("order.placed"), event, { loader: onlyOrders });

    expect(missingOrder.errors.map((e) => [e.code, e.message])).toEqual([
      [
        "TM_RECORD_NOT_FOUND",
        `order.placed: ${join(dir, "order-placed.yaml")}:3:3: TM_RECORD_NOT_FOUND order "order_1" was not found (at load.order)`,
      ],
    ]);
    expect(missingCustomer.errors).toEqual([]);
    expect(missingCustomer.input.customer).toBeNull();
    expect(missingCustomer.calls[0]!.call.properties).toEqual({ total: 10 });
  });

  it("does not ask the loader for a record whose id gives nothing", async () => {
    const { mapping } = await load(files);
    const loader = vi.fn(async () => ({}));

    const outcome = await evaluateMapping(mapping("order.placed"), { name: "order.placed", data: {} }, { loader });

    expect(loader).not.toHaveBeenCalled();
    expect(outcome.errors.map((e) => e.details.reason)).toEqual(["the id of order (load.order.id) gave nothing"]);
  });

  it("reports a loader that throws", async () => {
    const { dir, mapping } = await load(files);

    const outcome = await evaluateMapping(mapping("order.placed"), event, {
      loader: async () => {
        throw new Error("connection refused");
      },
    });

    expect(outcome.errors.map((e) => [e.code, e.message])).toEqual([
      [
        "TM_LOAD_FAILED",
        `order.placed: ${join(dir, "order-placed.yaml")}:3:3: TM_LOAD_FAILED loading order "order_1" failed: connection refused (at load.order)`,
      ],
    ]);
  });
});

describe("evaluateMapping: .jsonata mappings", () => {
  it("takes a call object or a list of them from the body, keeping the good ones when one is bad", async () => {
    const { dir, mapping } = await load({
      "order-canceled.jsonata": `/* trackmap
on: order.canceled
*/
[
  { "type": "track", "event": "Order Cancelled", "userId": event.data.customer_id },
  "Order Cancelled",
  { "type": "trak", "event": "Order Cancelled" },
  { "type": "identify", "userId": event.data.customer_id, "traits": { "canceled_orders": 1 } }
]
`,
    });

    const outcome = await evaluateMapping(mapping("order.canceled"), { name: "order.canceled", data: { customer_id: "cus_1" } });

    expect(outcome.calls.map(({ call, label }) => ({ call, label }))).toEqual([
      { call: { type: "track", event: "Order Cancelled", userId: "cus_1" }, label: "(body)[0].track" },
      { call: { type: "identify", userId: "cus_1", traits: { canceled_orders: 1 } }, label: "(body)[3].identify" },
    ]);
    const file = join(dir, "order-canceled.jsonata");
    expect(outcome.errors.map((e) => e.message)).toEqual([
      `order.canceled: ${file}:4:1: TM_BAD_RESULT the expression gave text of 15 characters; each call must be an object with "type" (track, identify, group, page or alias) (at (body)[1])`,
      `order.canceled: ${file}:4:1: TM_BAD_RESULT the expression gave an object whose "type" is text of 4 characters; each call must be an object with "type" (track, identify, group, page or alias) (at (body)[2])`,
    ]);
  });

  it("makes no call when the body gives nothing", async () => {
    const { mapping } = await load({
      "m.jsonata": `/* trackmap
on: order.canceled
*/
event.data.refunded ? { "type": "track", "event": "Order Refunded", "userId": "u" }
`,
    });

    const outcome = await evaluateMapping(mapping("order.canceled"), { name: "order.canceled", data: { refunded: false } });

    expect(outcome).toMatchObject({ calls: [], errors: [] });
  });
});
