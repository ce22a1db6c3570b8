import { describe, expect, it } from "vitest";
import { compileMapping } from "../compile/compileMapping";
import { evaluateMapping } from "../evaluate/evaluateMapping";
import { MappingRunError } from "../evaluate/mappingRunError";
import type { SourceEvent } from "../evaluate/sourceEvent";
import { DEFAULT_LIMITS } from "../compile/limits";
import { parseMappingText } from "../load/readMappingFile";
import { prepareCall, prepareCalls, type PrepareOptions } from "./prepareCalls";

/** Evaluates a mapping written inline for `event`, then prepares its calls. */
async function prepare(yaml: string, event: SourceEvent, options?: PrepareOptions) {
  const { file, diagnostics } = parseMappingText("mappings/m.yaml", yaml);
  expect(diagnostics).toEqual([]);
  if (file?.kind !== "mapping") throw new Error("not a mapping");
  const outcome = await evaluateMapping(compileMapping(file, file.functions, DEFAULT_LIMITS), event);
  return prepareCalls(outcome, options);
}

const ORDER_PLACED = `on: order.placed
calls:
  - track: { event: Order Completed, userId: "= event.data.customer_id" }
  - identify: { userId: "= event.data.customer_id" }
`;

describe("prepareCalls: messageId", () => {
  it("derives a deterministic messageId: the same event gives the same ids", async () => {
    const event = { name: "order.placed", data: { id: "order_1", customer_id: "cus_1" } };

    const first = await prepare(ORDER_PLACED, event);
    const replay = await prepare(ORDER_PLACED, structuredClone(event));

    expect(first.errors).toEqual([]);
    expect(first.calls.map((c) => c.messageId)).toEqual(replay.calls.map((c) => c.messageId));
    expect(first.calls[0]!.messageId).toMatch(/^tm-[0-9a-f]{32}$/);
    expect(first.calls[0]!.messageId).not.toBe(first.calls[1]!.messageId);
  });

  it("gives other ids for other data", async () => {
    const one = await prepare(ORDER_PLACED, { name: "order.placed", data: { id: "order_1", customer_id: "cus_1" } });
    const other = await prepare(ORDER_PLACED, { name: "order.placed", data: { id: "order_2", customer_id: "cus_1" } });

    expect(one.calls[0]!.messageId).not.toBe(other.calls[0]!.messageId);
  });

  it("gives each call made by `each` its own id", async () => {
    const { calls } = await prepare(
      `on: order.placed
calls:
  - each: "= event.data.items"
    track: { event: Product Purchased, userId: u }
`,
      { name: "order.placed", data: { items: [{ sku: "A" }, { sku: "A" }] } },
    );

    expect(calls).toHaveLength(2);
    expect(calls[0]!.messageId).not.toBe(calls[1]!.messageId);
  });

  it("keeps a messageId set by the mapping, and makes the ids of identical calls distinct", async () => {
    const { calls } = await prepare(
      `on: order.placed
calls:
  - track: { event: Order Completed, userId: u, messageId: "= 'order-' & event.data.id" }
  - track: { event: Order Completed, userId: u, messageId: "= 'order-' & event.data.id" }
  - track: { event: Order Completed, userId: u, messageId: "= 'order-' & event.data.id" }
`,
      { name: "order.placed", data: { id: "order_1" } },
    );

    expect(calls.map((c) => c.messageId)).toEqual(["order-order_1", "order-order_1-2", "order-order_1-3"]);
  });

  it("keeps a distinct id within Segment's 100 characters", async () => {
    const { calls, errors } = await prepare(
      `on: order.placed
calls:
  - track: { event: A, userId: u, messageId: "= $pad('', 100, 'm')" }
  - track: { event: A, userId: u, messageId: "= $pad('', 100, 'm')" }
`,
      { name: "order.placed" },
    );

    expect(errors).toEqual([]);
    expect(calls.map((c) => c.messageId)).toEqual(["m".repeat(100), `${"m".repeat(98)}-2`]);
  });
});

describe("prepareCalls: redaction", () => {
  it("removes password_hash and passwordHash at any depth, and the configured keys", async () => {
    const { calls } = await prepare(
      `on: customer.created
calls:
  - identify:
      userId: u
      traits: "= event.data.customer"
`,
      {
        name: "customer.created",
        data: {
          customer: {
            email: "a@example.com",
            phone: "+33 6 12 34 56 78",
            password_hash: "$2b$10$abc",
            account: { passwordHash: "$2b$10$def", logins: [{ at: "2024-05-01", password: "hunter2" }] },
          },
        },
      },
      { redact: ["phone"] },
    );

    expect(calls).toEqual([
      {
        type: "identify",
        userId: "u",
        traits: { email: "a@example.com", account: { logins: [{ at: "2024-05-01" }] } },
        messageId: expect.stringMatching(/^tm-/),
      },
    ]);
  });
});

describe("prepareCalls: validation", () => {
  it("reports an invalid call with its file, line and problems, and still sends the others", async () => {
    const { calls, errors } = await prepare(
      `on: order.placed
calls:
  - track: { event: Order Completed, userId: "= event.data.customer_id" }
  - track: "= { 'event': 'Order Paid', 'userId': event.data.customer_id, 'revenue': event.data.total }"
  - each: "= event.data.items"
    track: { event: Product Purchased, properties: "= $item" }
`,
      { name: "order.placed", data: { customer_id: "cus_1", total: 10, items: [{ sku: "A" }] } },
    );

    expect(calls.map((c) => c.type === "track" && c.event)).toEqual(["Order Completed"]);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBeInstanceOf(MappingRunError);
    expect(errors.map((e) => e.message)).toEqual([
      'order.placed: mappings/m.yaml:4:5: TM_INVALID_CALL invalid call, not sent: unknown field "revenue" for track (allowed: event, properties, userId, anonymousId, context, integrations, timestamp, messageId) (at calls[1].track)',
      "order.placed: mappings/m.yaml:5:5: TM_INVALID_CALL invalid call, not sent: userId or anonymousId is required (at calls[2].track (item 0))",
    ]);
  });

  it("passes the mapping's run-time errors on", async () => {
    const { calls, errors } = await prepare(
      `on: order.placed
calls:
  - track: { event: Order Completed, userId: u, properties: { total: "= event.data.total + 'x'" } }
`,
      { name: "order.placed", data: { total: 1 } },
    );

    expect(calls).toEqual([]);
    expect(errors.map((e) => [e.code, e.details.jsonataCode])).toEqual([["TM_EVAL_ERROR", "T2002"]]);
  });
});

describe("prepareCall: a call written by hand", () => {
  it("redacts, checks and normalises it like a mapped call", () => {
    expect(prepareCall({ type: "identify", userId: 42, traits: { email: "a@example.com", password_hash: "x" } }, { redact: ["email"] })).toEqual({
      ok: true,
      call: { type: "identify", userId: "42", traits: {} },
    });
    expect(prepareCall({ type: "track", userId: "u1" })).toEqual({
      ok: false,
      problems: ["event (the track event name) is required"],
    });
  });

  it("takes what host code hands in: a Date timestamp, a BigInt id, entities with Dates and back-references", () => {
    const customer: Record<string, unknown> = { id: "cus_1", created_at: new Date("2026-11-26T10:00:00Z"), points: 12n };
    customer.self = customer;

    expect(
      prepareCall({
        type: "track",
        event: "Customer Created",
        userId: 12345678901234567890n,
        timestamp: new Date("2026-11-26T10:00:00Z"),
        properties: customer,
      }),
    ).toEqual({
      ok: true,
      call: {
        type: "track",
        event: "Customer Created",
        userId: "12345678901234567890",
        timestamp: "2026-11-26T10:00:00.000Z",
        properties: { id: "cus_1", created_at: "2026-11-26T10:00:00.000Z", points: 12 },
      },
    });
  });

  it("refuses properties nested deeper than MAX_INPUT_DEPTH, instead of overflowing the stack", () => {
    let nested: Record<string, unknown> = {};
    for (let level = 0; level < 10_000; level++) nested = { parent: nested };

    expect(prepareCall({ type: "track", event: "A", userId: "u", properties: nested })).toEqual({
      ok: false,
      problems: ["properties is nested deeper than 100 levels"],
    });
  });
});

describe("prepareCalls and prepareCall: text the outbox can store", () => {
  it("replace U+0000 and lone surrogates, so that the call sent is the call stored", async () => {
    const { calls, rejected } = await prepare(
      `on: product.created
calls:
  - track: { event: Product Created, userId: u, properties: "= event.data" }
  - track: { event: Product Created, properties: "= event.data" }
`,
      { name: "product.created", data: { title: "Mug\u0000", "sub\ud800": "x" } },
    );

    expect(calls.map((c) => c.type === "track" && c.properties)).toEqual([{ title: "Mug\ufffd", "sub\ufffd": "x" }]);
    expect(rejected.map(({ call }) => call.type === "track" && call.properties)).toEqual([{ title: "Mug\ufffd", "sub\ufffd": "x" }]);
    expect(prepareCall({ type: "identify", userId: "u\u0000", traits: { name: "\udc00" } })).toEqual({
      ok: true,
      call: { type: "identify", userId: "u\ufffd", traits: { name: "\ufffd" } },
    });
  });
});
