import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { MappingSet } from "../../compile";
import {
  createMemoryOutboxStore,
  createOutboxDestination,
  createSegmentDestination,
  createMemoryDestination,
  type OutboxDestination,
} from "../../deliver";
import type { RecordRequest } from "../../evaluate";
import { loadMappings } from "../../pipeline";
import { writeTree } from "../../testHelpers/writeTree";
import { startSegmentServer, type SegmentServer } from "../../testing/segmentServer";
import { Tracker } from "../../tracker";
import { createBackfillMapper } from "./backfillMapper";
import type { BackfillCheckpoint, BackfillProgress } from "./backfillProgress";
import { type BackfillRecord, createMemoryBackfillSource } from "./backfillSource";
import { estimateBackfill } from "./estimateBackfill";
import { runBackfill, type BackfillOptions } from "./runBackfill";

// A backfill end to end: records from a memory source, the real mapping pipeline, the memory
// outbox, and the real @segment/analytics-node client delivering to the local Segment server.

const MAPPINGS = {
  "order-placed.yaml": `on: order.placed
load:
  order: { entity: order, id: = event.data.id, fields: [id, customer_id, total, created_at] }
calls:
  - track:
      event: Order Completed
      userId: = order.customer_id
      timestamp: = order.created_at
      properties: { order_id: = order.id, total: = order.total }
`,
  "shipment-created.yaml": `on: shipment.created
load:
  fulfillment: { entity: fulfillment, id: = event.data.id, fields: [id, order_id, shipped_at] }
  order: { entity: order, id: = fulfillment.order_id, fields: [id, customer_id] }
calls:
  - track:
      event: Order Shipped
      userId: = order.customer_id
      timestamp: = fulfillment.shipped_at
      properties: { order_id: = order.id, fulfillment_id: = fulfillment.id }
`,
};

const DAY = 86_400_000;
const START = Date.parse("2026-01-01T00:00:00.000Z");
/** 60 orders over 60 days; every third one shipped the day after. */
const ORDER_COUNT = 60;
const records: Record<string, Record<string, unknown>> = {};
const history: BackfillRecord[] = [];
for (let i = 0; i < ORDER_COUNT; i++) {
  const id = `order_${String(i).padStart(3, "0")}`;
  const createdAt = new Date(START + i * DAY);
  records[id] = { id, customer_id: `cus_${i % 7}`, total: 10 + i, created_at: createdAt.toISOString() };
  const events = [{ name: "order.placed", data: { id }, at: createdAt }];
  if (i % 3 === 0) {
    const shippedAt = new Date(createdAt.getTime() + DAY);
    records[`ful_${i}`] = { id: `ful_${i}`, order_id: id, shipped_at: shippedAt.toISOString() };
    // Listed first on purpose: events are replayed in the order they happened.
    events.unshift({ name: "shipment.created", data: { id: `ful_${i}` }, at: shippedAt });
  }
  history.push({ id, createdAt, events });
}
const EXPECTED_CALLS = ORDER_COUNT + ORDER_COUNT / 3;
const loader = async (request: RecordRequest) => records[String(request.id)] ?? null;

let server: SegmentServer;
let mappings: MappingSet;
const open: OutboxDestination[] = [];

beforeAll(async () => {
  const loaded = await loadMappings(await writeTree(MAPPINGS));
  expect(loaded.diagnostics).toEqual([]);
  mappings = loaded.mappings;
  server = await startSegmentServer();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((destination) => destination.close({ timeoutMs: 2000 })));
  server.reset();
});
afterAll(() => server.close());

/** What a store has: one outbox (memory here) delivering to Segment, and a checkpoint kept between runs. */
function store(store = createMemoryOutboxStore()) {
  const destination = createOutboxDestination({
    store,
    sender: createSegmentDestination({ writeKey: "wk", host: server.url, flushAt: 20, flushInterval: 5 }),
    pollIntervalMs: 10,
    baseBackoffMs: 10,
    maxBackoffMs: 50,
  });
  open.push(destination);
  const saved: BackfillCheckpoint[] = [];
  const options = (extra: Partial<BackfillOptions> = {}): BackfillOptions => ({
    source: createMemoryBackfillSource(history),
    map: createBackfillMapper({ mappings, loader }),
    outbox: { store, destination },
    rate: 0,
    pageSize: 7,
    batchSize: 10,
    pollMs: 10,
    checkpoint: saved.at(-1),
    saveCheckpoint: async (checkpoint) => void saved.push(checkpoint),
    ...extra,
  });
  return { store, destination, saved, options };
}

const ids = () => server.messages.map((m) => m.messageId);
const duplicates = () => ids().length - new Set(ids()).size;

describe("runBackfill", () => {
  it("delivers every call of history exactly once, at its own time, with the messageId live tracking gives it", async () => {
    const { options, saved } = store();
    const progress: BackfillProgress[] = [];

    const result = await runBackfill(options({ onProgress: (p) => progress.push(p) }));

    expect(result.status).toBe("completed");
    expect(result.progress).toMatchObject({ total: ORDER_COUNT, done: ORDER_COUNT, calls: EXPECTED_CALLS, errors: 0, etaSeconds: 0 });
    expect(server.messages).toHaveLength(EXPECTED_CALLS);
    expect(duplicates()).toBe(0);
    const shipped = server.messages.find((m) => m.event === "Order Shipped" && (m.properties as { order_id: string }).order_id === "order_003");
    expect(shipped?.timestamp).toBe("2026-01-05T00:00:00.000Z");
    // Oldest first, and a record's events in the order they happened.
    expect(server.messages.slice(0, 3).map((m) => [m.event, (m.properties as { order_id: string }).order_id])).toEqual([
      ["Order Completed", "order_000"],
      ["Order Shipped", "order_000"],
      ["Order Completed", "order_001"],
    ]);
    expect(saved.at(-1)?.position).toEqual({ createdAt: "2026-03-01T00:00:00.000Z", id: "order_059" });
    expect(progress.map((p) => p.done)).toEqual([0, 7, 14, 21, 28, 35, 42, 49, 56, 60, 60]);

    // The same facts tracked live get the same ids: Segment would count each once.
    const live = createMemoryDestination();
    const tracker = new Tracker({ mappings, destination: live });
    await tracker.track({ name: "order.placed", data: { id: "order_010" } }, { loader });
    await tracker.track({ name: "shipment.created", data: { id: "ful_9" } }, { loader });
    expect(live.calls.map((c) => c.messageId).every((id) => ids().includes(id))).toBe(true);
  });

  it("resumes where a stopped run saved its checkpoint, with no call received twice; a second full run sends nothing new", async () => {
    const { options, saved, store: outbox } = store();
    const stop = new AbortController();

    const first = await runBackfill(options({ signal: stop.signal, onProgress: (p) => p.done >= 21 && stop.abort() }));
    expect(first.status).toBe("stopped");
    expect(saved.at(-1)?.done).toBe(21);

    const resumed = await runBackfill(options());
    expect(resumed.status).toBe("completed");
    expect(resumed.progress).toMatchObject({ done: ORDER_COUNT, calls: EXPECTED_CALLS });
    expect(new Set(ids()).size).toBe(EXPECTED_CALLS);
    expect(duplicates()).toBe(0);

    const again = await runBackfill(options({ checkpoint: undefined }));
    expect(again.progress.done).toBe(ORDER_COUNT);
    expect(server.messages).toHaveLength(EXPECTED_CALLS);
    expect(await outbox.counts()).toEqual({ pending: 0, retrying: 0, dead: 0, delivered: EXPECTED_CALLS });
  });

  it("slows down while Segment answers 429 with Retry-After, and loses nothing", async () => {
    const { options } = store();
    server.setFault({ status: 429, headers: { "Retry-After": "1" }, times: 3 });

    const result = await runBackfill(options({ maxBacklog: 20 }));

    expect(result.status).toBe("completed");
    expect(server.requests.filter((r) => r.status === 429)).toHaveLength(3);
    expect(new Set(ids()).size).toBe(EXPECTED_CALLS);
  });

  it("keeps the outbox's backlog within maxBacklog, so a live call never waits behind the whole history", async () => {
    const { options, store: outbox, destination } = store();
    let most = 0;
    // The outbox as the run sees it, measured just after each batch is stored.
    const measured = {
      ...outbox,
      async enqueue(...args: Parameters<typeof outbox.enqueue>) {
        await outbox.enqueue(...args);
        const waiting = [...outbox.records.values()].filter((r) => r.status === "pending" || r.status === "retrying").length;
        most = Math.max(most, waiting);
      },
    };

    const result = await runBackfill(options({ maxBacklog: 15, outbox: { store: measured, destination } }));

    expect(result.status).toBe("completed");
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(15);
  });

  it("stores each historical call with its event and the entities it concerns, as live tracking does (the admin finds them by order)", async () => {
    const { options, store: outbox } = store();

    await runBackfill(options({ source: createMemoryBackfillSource(history.slice(0, 2)) }));

    const rows = await outbox.listForEntity("order_000", 10);
    const eventOf = (row: (typeof rows)[number]) => (row.call as { event?: string } | undefined)?.event;
    expect(rows.map((row) => [eventOf(row), row.source?.event]).sort()).toEqual([
      ["Order Completed", "order.placed"],
      ["Order Shipped", "shipment.created"],
    ]);
    expect(rows.find((row) => eventOf(row) === "Order Shipped")?.source?.entityIds).toEqual(expect.arrayContaining(["ful_0", "order_000"]));
  });

  it("stores no batch larger than a second's worth of calls at a low rate, so the rate holds from the start", async () => {
    const { options, store: outbox, destination } = store();
    const batches: number[] = [];
    const measured = {
      ...outbox,
      async enqueue(...args: Parameters<typeof outbox.enqueue>) {
        batches.push(args[0].length);
        await outbox.enqueue(...args);
      },
    };

    // 3 orders, one shipped: 4 calls at 2 per second (the batch size asked for is 10).
    const result = await runBackfill(
      options({ source: createMemoryBackfillSource(history.slice(0, 3)), rate: 2, outbox: { store: measured, destination } }),
    );

    expect(result.progress).toMatchObject({ done: 3, calls: 4 });
    expect(batches).toEqual([2, 2]);
  });

  it("sends historical calls to the destinations named in `integrations`, under the live messageIds", async () => {
    const plain = store();
    await runBackfill(plain.options({ events: ["order.placed"] }));
    const liveIds = ids().sort();
    server.reset();

    const integrations = { All: false, "Amazon S3": true };
    const { options } = store();
    await runBackfill(options({ events: ["order.placed"], map: createBackfillMapper({ mappings, loader, integrations }) }));

    expect(server.messages).toHaveLength(ORDER_COUNT);
    expect(server.messages.every((m) => JSON.stringify(m.integrations) === JSON.stringify(integrations))).toBe(true);
    expect(ids().sort()).toEqual(liveIds);
  });

  it("counts a record whose mapping fails as an error and goes on", async () => {
    const { options } = store();
    const broken = createMemoryBackfillSource([
      ...history.slice(0, 5),
      { id: "order_zzz", createdAt: new Date(START), events: [{ name: "order.placed", data: { id: "missing" }, at: new Date(START) }] },
    ]);

    const result = await runBackfill(options({ source: broken }));

    expect(result.progress.errors).toBe(1);
    expect(result.progress.recentErrors[0]).toMatch(/TM_RECORD_NOT_FOUND/);
    expect(result.progress.done).toBe(6);
  });
});

describe("estimateBackfill (a dry run)", () => {
  it("counts records, estimates calls and time at the rate from a sample, and shows the first calls without storing any", async () => {
    const estimate = await estimateBackfill({
      source: createMemoryBackfillSource(history),
      map: createBackfillMapper({ mappings, loader }),
      rate: 40,
      sample: 30,
      show: 2,
    });
    expect(estimate).toMatchObject({ records: ORDER_COUNT, sampled: 30, calls: EXPECTED_CALLS, seconds: EXPECTED_CALLS / 40, errors: [] });
    expect(estimate.firstCalls.map((c) => (c.type === "track" ? c.event : c.type))).toEqual(["Order Completed", "Order Shipped"]);
    expect(server.messages).toEqual([]);
  });
});
