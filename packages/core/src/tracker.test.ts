import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SegmentCall } from "./calls/segmentCall";
import type { DeliveryFailure, Destination } from "./deliver/destination";
import { createMemoryOutboxStore, createOutboxDestination } from "./deliver/outbox";
import { createSegmentDestination } from "./deliver/segmentDestination";
import type { MappingRunError } from "./evaluate/mappingRunError";
import type { RecordRequest } from "./evaluate/sourceEvent";
import type { MappingSet } from "./compile/mappingSet";
import { loadMappings } from "./pipeline/loadMappings";
import { startSegmentServer, type SegmentServer } from "./testing/segmentServer";
import { Tracker, type TrackerOptions } from "./tracker";
import { createIsolatedMapper, type IsolatedMapper } from "./isolate";
import { writeTree } from "./testHelpers/writeTree";
import { CHECKED_MAPPING, SLOW_EMAIL } from "./testHelpers/runawayMapping";

// The whole pipeline: mappings loaded from files, records from a loader, and the real
// @segment/analytics-node client delivering to a local Segment-compatible server.

const WRITE_KEY = "wk_TRACKER_0123456789abcdef";
const BASIC = Buffer.from(`${WRITE_KEY}:`).toString("base64");

const MAPPINGS = {
  "order-placed.yaml": `on: order.placed
load:
  order: { entity: order, id: = event.data.id, fields: [id, email, customer_id, company_id, total] }
calls:
  - track:
      event: Order Completed
      userId: = order.customer_id
      properties: { order_id: = order.id, total: = order.total }
  - group:
      userId: = order.customer_id
      groupId: = order.company_id
  - identify:
      userId: = order.customer_id
      traits: { email: = order.email }
`,
  "customer-created.yaml": `on: customer.created
calls:
  - identify:
      userId: = event.data.id
      traits: { email: = event.data.email, points: = event.data.points }
  - track:
      event: Signed Up
      userId: = event.data.id
`,
  "runaway.yaml": `on: [order.looping, order.spinning]
functions:
  deep: "function($n) { 1 + $deep($n + 1) }"
  spin: "function($n) { $spin($n + 1) }"
calls:
  - track:
      event: Never
      userId: u
      properties: { n: '= event.name = "order.looping" ? $deep(0) : $spin(0)' }
`,
};

const ORDERS: Record<string, Record<string, unknown>> = {
  order_1: { id: "order_1", email: "ada@example.com", customer_id: "cus_1", company_id: "company_9", total: 59.34 },
  order_2: { id: "order_2", email: "bob@example.com", customer_id: "cus_2", total: 12 },
};

let server: SegmentServer;
let mappings: MappingSet;
let dir: string;
const trackers: Tracker[] = [];

beforeAll(async () => {
  server = await startSegmentServer();
  dir = await mkdtemp(join(tmpdir(), "trackmap-tracker-"));
  for (const [name, text] of Object.entries(MAPPINGS)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  const loaded = await loadMappings(dir, { limits: { timeoutMs: 100, maxDepth: 100 } });
  expect(loaded.diagnostics).toEqual([]);
  mappings = loaded.mappings;
});
afterEach(async () => {
  await Promise.all(trackers.splice(0).map((tracker) => tracker.close({ timeoutMs: 2_000 })));
  server.reset();
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** A tracker delivering through the real Segment client to the local server, with everything it reports collected. */
function openTracker(options: Partial<TrackerOptions> = {}) {
  const errors: MappingRunError[] = [];
  const failures: DeliveryFailure[] = [];
  const requests: RecordRequest[] = [];
  const destination = createSegmentDestination({
    writeKey: WRITE_KEY,
    host: server.url,
    flushAt: 1,
    maxRetries: 0,
    onFailure: (failure) => failures.push(failure),
  });
  const tracker = new Tracker({ mappings, destination, onError: (error) => errors.push(error), ...options });
  trackers.push(tracker);
  const loader = async (request: RecordRequest) => {
    requests.push(request);
    return ORDERS[String(request.id)] ?? null;
  };
  return { tracker, errors, failures, requests, loader };
}

const mappingFile = (name: string) => join(dir, name);

describe("Tracker: an event through the whole pipeline", () => {
  it("loads what the mapping declares, evaluates, validates and delivers every call to Segment", async () => {
    const { tracker, errors, requests, loader } = openTracker();

    const result = await tracker.track({ name: "order.placed", data: { id: "order_1" } }, { loader });
    const outcomes = await result.delivered;
    const messages = await server.waitForMessages(3);

    expect(errors).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.mapping).toBe(mappingFile("order-placed.yaml"));
    expect(requests).toEqual([{ name: "order", entity: "order", id: "order_1", fields: ["id", "email", "customer_id", "company_id", "total"] }]);
    expect(result.calls).toEqual([
      {
        type: "track",
        event: "Order Completed",
        userId: "cus_1",
        properties: { order_id: "order_1", total: 59.34 },
        messageId: expect.stringMatching(/^tm-[0-9a-f]{32}$/),
      },
      { type: "group", userId: "cus_1", groupId: "company_9", messageId: expect.stringMatching(/^tm-[0-9a-f]{32}$/) },
      { type: "identify", userId: "cus_1", traits: { email: "ada@example.com" }, messageId: expect.stringMatching(/^tm-[0-9a-f]{32}$/) },
    ]);
    expect(outcomes.map((o) => [o.status, o.call])).toEqual(result.calls.map((call) => ["delivered", call]));
    // What Segment received: the same calls, under the source's write key.
    const byId = new Map(messages.map((m) => [m.messageId, m]));
    for (const call of result.calls) expect(byId.get(call.messageId)).toMatchObject(call);
    expect(server.writeKeys).toEqual([WRITE_KEY]);
  });

  it("reports an invalid call and does not send it, while the valid calls of the event are sent", async () => {
    const { tracker, errors, loader } = openTracker();

    // order_2 has no company: its group call has no groupId.
    const result = await tracker.track({ name: "order.placed", data: { id: "order_2" } }, { loader });
    await result.delivered;
    await tracker.close({ timeoutMs: 2_000 });

    expect(errors).toEqual(result.errors);
    expect(errors.map((e) => e.code)).toEqual(["TM_INVALID_CALL"]);
    expect(errors[0]!.message).toMatch(
      new RegExp(
        `^order\\.placed: ${mappingFile("order-placed.yaml")}:9:5: TM_INVALID_CALL invalid call, not sent: .*groupId.* \\(at calls\\[1\\]\\.group\\)$`,
      ),
    );
    expect(result.calls.map((c) => c.type)).toEqual(["track", "identify"]);
    expect(server.messages.map((m) => [m.type, m.userId])).toEqual([
      ["track", "cus_2"],
      ["identify", "cus_2"],
    ]);
  });

  it("hands an invalid call to an outbox, which keeps it as dead with the reason", async () => {
    const store = createMemoryOutboxStore();
    const sender = createSegmentDestination({ writeKey: WRITE_KEY, host: server.url, flushAt: 1, maxRetries: 0 });
    const destination = createOutboxDestination({ store, sender });
    const { tracker, loader } = openTracker({ destination });

    await tracker.track({ name: "order.placed", data: { id: "order_2" } }, { loader });
    await destination.drain();

    expect(await store.counts()).toEqual({ pending: 0, retrying: 0, dead: 1, delivered: 2 });
    const [dead] = await store.listDead(10);
    expect(dead!.call).toMatchObject({ type: "group", userId: "cus_2", messageId: expect.stringMatching(/^tm-/) });
    expect(dead!.lastError).toMatch(/TM_INVALID_CALL invalid call, not sent: .*groupId/);
  });

  it("hands an event whose mapping failed to an outbox, kept dead with the reason; an invalid call or data cut too deep do not", async () => {
    const store = createMemoryOutboxStore();
    const sender = createSegmentDestination({ writeKey: WRITE_KEY, host: server.url, flushAt: 1, maxRetries: 0 });
    const destination = createOutboxDestination({ store, sender });
    const { tracker, loader } = openTracker({ destination });
    let nested: Record<string, unknown> = {};
    for (let level = 0; level < 200; level++) nested = { parent: nested };

    const missing = await tracker.track({ name: "order.placed", data: { id: "order_404" } }, { loader });
    const invalid = await tracker.track({ name: "order.placed", data: { id: "order_2" } }, { loader });
    const deep = await tracker.track({ name: "customer.created", data: { id: "cus_1", email: "ada@example.com", nested } });
    await destination.drain();

    expect([missing.failure?.code, invalid.failure, deep.failure]).toEqual(["TM_RECORD_NOT_FOUND", undefined, undefined]);
    const deadEvents = await store.deadEvents();
    expect(deadEvents).toEqual([
      {
        messageId: expect.stringMatching(/^tm-event-[0-9a-f]{32}$/),
        event: { name: "order.placed", data: { id: "order_404" } },
        source: { event: "order.placed", entityIds: ["order_404"] },
        status: "dead",
        attempts: 0,
        nextAttemptAt: expect.any(Date),
        createdAt: expect.any(Date),
        lastError: missing.failure!.message,
      },
    ]);
    // The invalid call is kept itself, with the event it came from and its entities.
    const deadCall = (await store.listDead(10)).find((record) => record.call);
    expect(deadCall?.source).toEqual({ event: "order.placed", entityIds: ["order_2"] });
  });

  it("gives no call for an event no mapping handles, and loads nothing", async () => {
    const { tracker, errors, requests, loader } = openTracker();

    const result = await tracker.track({ name: "cart.updated", data: { id: "cart_1" } }, { loader });

    expect(tracker.handles("cart.updated")).toBe(false);
    expect(tracker.handles("order.placed")).toBe(true);
    expect(result).toEqual({ event: { name: "cart.updated", data: { id: "cart_1" } }, calls: [], errors: [], delivered: expect.any(Promise) });
    expect(await result.delivered).toEqual([]);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("reports a record that cannot be found, and sends nothing for that event", async () => {
    const { tracker, errors, loader } = openTracker();

    const result = await tracker.track({ name: "order.placed", data: { id: "order_404" } }, { loader });

    expect(result.calls).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual([
      `order.placed: ${mappingFile("order-placed.yaml")}:3:3: TM_RECORD_NOT_FOUND order "order_404" was not found (at load.order)`,
    ]);
  });
});

describe("Tracker: a mapping that never ends", () => {
  it("fails with TM_EVAL_DEPTH or TM_EVAL_TIMEOUT through onError, and the next event is mapped and delivered", async () => {
    const { tracker, errors, loader } = openTracker();

    const looping = await tracker.track({ name: "order.looping" }, { loader });
    const spinning = await tracker.track({ name: "order.spinning" }, { loader });
    const next = await tracker.track({ name: "order.placed", data: { id: "order_1" } }, { loader });
    const outcomes = await next.delivered;

    expect(errors.map((e) => [e.code, e.details.jsonataCode, e.details.file])).toEqual([
      ["TM_EVAL_DEPTH", "D1011", mappingFile("runaway.yaml")],
      ["TM_EVAL_TIMEOUT", "D1012", mappingFile("runaway.yaml")],
    ]);
    expect(errors[0]!.message).toContain("(limit: maxDepth 100)");
    expect(errors[1]!.message).toContain("Evaluation timeout after 100 milliseconds");
    expect([looping.errors, spinning.errors]).toEqual([[errors[0]], [errors[1]]]);
    expect([looping.calls, spinning.calls]).toEqual([[], []]);
    expect(await looping.delivered).toEqual([]);

    expect(next.errors).toEqual([]);
    expect(outcomes.map((o) => o.status)).toEqual(["delivered", "delivered", "delivered"]);
    expect((await server.waitForMessages(3)).map((m) => m.type)).toEqual(["track", "group", "identify"]);
  });
});

describe("Tracker: host data JSON cannot hold", () => {
  it("maps an entity with back-references (an ORM's customer.orders[0].customer) and sends its calls", async () => {
    const { tracker, errors } = openTracker();
    const customer: Record<string, unknown> = { id: "cus_1", email: "ada@example.com" };
    customer.orders = [{ id: "order_1", customer }];
    customer.self = customer;

    const result = await tracker.track({ name: "customer.created", data: customer });

    expect(errors).toEqual([]);
    expect((await result.delivered).map((o) => o.status)).toEqual(["delivered", "delivered"]);
    expect((await server.waitForMessages(2)).map((m) => [m.type, m.userId, m.traits ?? null])).toEqual([
      ["identify", "cus_1", { email: "ada@example.com" }],
      ["track", "cus_1", null],
    ]);
    // The same event gives the same messageIds, so Segment drops a replay.
    const replay = await tracker.track({ name: "customer.created", data: customer });
    expect(replay.calls.map((c) => c.messageId)).toEqual(result.calls.map((c) => c.messageId));
  });

  it("sends BigInt ids as their exact text and small BigInts as numbers", async () => {
    const { tracker, errors } = openTracker();

    const result = await tracker.track({ name: "customer.created", data: { id: 12345678901234567890n, email: "ada@example.com", points: 250n } });

    expect(errors).toEqual([]);
    expect(result.calls.map((c) => [c.type, c.userId])).toEqual([
      ["identify", "12345678901234567890"],
      ["track", "12345678901234567890"],
    ]);
    expect((await server.waitForMessages(2))[0]!.traits).toEqual({ email: "ada@example.com", points: 250 });
  });

  it("reports data nested thousands of levels deep with the event and the mapping, and still sends the calls", async () => {
    const { tracker, errors } = openTracker();
    let nested: Record<string, unknown> = {};
    for (let level = 0; level < 10_000; level++) nested = { parent: nested };

    const result = await tracker.track({ name: "customer.created", data: { id: "cus_1", email: "ada@example.com", nested } });

    expect(errors.map((e) => e.message)).toEqual([
      `customer.created: ${mappingFile("customer-created.yaml")}: TM_BAD_INPUT event.data is nested deeper than 100 levels; the deeper parts were left out (at event.data)`,
    ]);
    expect(result.errors).toEqual(errors);
    expect((await result.delivered).map((o) => o.status)).toEqual(["delivered", "delivered"]);
  });
});

describe("Tracker: failures are reported, never thrown", () => {
  it("never shows the write key in any error, even when Segment's answer holds it", async () => {
    server.setFault({ status: 401, statusText: `Bad key ${WRITE_KEY} (Basic ${BASIC})` });
    const { tracker, errors, failures, loader } = openTracker();

    const placed = await tracker.track({ name: "order.placed", data: { id: "order_2" } }, { loader });
    const looping = await tracker.track({ name: "order.looping" }, { loader });
    const outcomes = await placed.delivered;
    await tracker.close({ timeoutMs: 2_000 });

    expect(outcomes.map((o) => o.status)).toEqual(["failed", "failed"]);
    expect(failures.map((f) => f.message)).toEqual([
      "Segment delivery failed: [401] Bad key [redacted] (Basic [redacted])",
      "Segment delivery failed: [401] Bad key [redacted] (Basic [redacted])",
    ]);
    const everything = JSON.stringify({
      errors: errors.map((e) => ({ message: e.message, stack: e.stack, details: e.details })),
      results: [placed, looping].map((r) => r.errors.map((e) => e.message)),
      outcomes,
      failures,
    });
    expect(errors.map((e) => e.code)).toEqual(["TM_INVALID_CALL", "TM_EVAL_DEPTH"]);
    expect(everything).not.toContain(WRITE_KEY);
    expect(everything).not.toContain(BASIC);
  });

  it("keeps going when onError throws", async () => {
    const { tracker, loader } = openTracker({
      onError: () => {
        throw new Error("the logger is down");
      },
    });

    const result = await tracker.track({ name: "order.placed", data: { id: "order_2" } }, { loader });

    expect(result.errors.map((e) => e.code)).toEqual(["TM_INVALID_CALL"]);
    expect((await result.delivered).map((o) => o.status)).toEqual(["delivered", "delivered"]);
  });

  it("gives a failed outcome when a destination throws instead of resolving", async () => {
    const broken: Destination = {
      name: "broken",
      send: (call: SegmentCall) =>
        call.type === "track" ? Promise.reject(new Error("socket closed")) : Promise.resolve({ status: "delivered", call }),
      close: async () => {},
    };
    const tracker = new Tracker({ mappings, destination: broken });

    const result = await tracker.track({ name: "order.placed", data: { id: "order_1" } }, { records: { order: ORDERS.order_1 } });
    const outcomes = await result.delivered;

    expect(outcomes.map((o) => o.status)).toEqual(["failed", "delivered", "delivered"]);
    expect(outcomes[0]).toEqual({
      status: "failed",
      call: result.calls[0],
      error: { code: "delivery_failure", message: "broken failed to take the call: socket closed", messageId: result.calls[0]!.messageId },
    });
  });
});

describe("Tracker: isolated evaluation", () => {
  let mapper: IsolatedMapper;
  beforeAll(async () => {
    const folder = await writeTree({ ...MAPPINGS, "checked.yaml": CHECKED_MAPPING });
    mapper = await createIsolatedMapper({ mappings: folder, limits: { timeoutMs: 100, maxDepth: 100 }, budget: { budgetMs: 500, poolSize: 2 } });
  });
  afterAll(() => mapper.close());

  it("delivers the calls in-process mapping gives, with the same messageIds", async () => {
    const isolated = openTracker({ mappings: mapper.mappings, isolation: mapper });
    const inProcess = openTracker({ mappings: mapper.mappings });

    const [a, b] = await Promise.all(
      [isolated, inProcess].map(({ tracker, loader }) => tracker.track({ name: "order.placed", data: { id: "order_1" } }, { loader })),
    );

    if (!a || !b) throw new Error("expected two results");
    expect(a.errors).toEqual([]);
    expect(a.calls).toEqual(b.calls);
    expect((await a.delivered).map((o) => o.status)).toEqual(["delivered", "delivered", "delivered"]);
  });

  it("reports an event stopped at its budget through onError, and maps the next one", async () => {
    const { tracker, errors } = openTracker({ mappings: mapper.mappings, isolation: mapper });

    const stopped = await tracker.track({ name: "customer.checked", data: { id: "cus_1", email: SLOW_EMAIL } });
    const next = await tracker.track({ name: "customer.checked", data: { id: "cus_2", email: "ada@shop.com" } });

    expect(errors.map((e) => [e.code, e.details.path])).toEqual([["TM_EVAL_TIMEOUT", "calls[0].track"]]);
    expect(stopped.errors).toEqual(errors);
    expect(stopped.calls).toEqual([]);
    expect(next.calls.map((call) => ("properties" in call ? call.properties : undefined))).toEqual([{ shop_email: true }]);
    expect((await next.delivered).map((o) => o.status)).toEqual(["delivered"]);
  });
});
