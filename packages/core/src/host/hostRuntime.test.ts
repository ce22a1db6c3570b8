import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMemoryOutboxStore, type OutboxStore } from "../deliver/outbox";
import type { RecordLoader } from "../evaluate";
import { startSegmentServer, type SegmentServer } from "../testing/segmentServer";
import { CHECKED_MAPPING, SLOW_EMAIL } from "../testHelpers/runawayMapping";
import { writeTree } from "../testHelpers/writeTree";
import type { HostLog } from "./hostLog";
import { readHostOptions } from "./hostOptions";
import { createMemoryBackfillSource } from "./backfill";
import { HostRuntime, type HostRuntimeConfig } from "./hostRuntime";
import { loadHostMappings } from "./loadHostMappings";
import { OptionReader } from "./optionReader";

// A host as small as they come: its "records" are a map, its context names the map to load from.

const ORDER_PLACED = `on: order.placed
load:
  order:
    entity: order
    id: = event.data.id
    fields: [id, email, customer_id, total]
calls:
  - identify:
      userId: = order.customer_id
      traits: { email: = order.email }
  - track:
      event: Order Completed
      userId: = order.customer_id
      properties: { order_id: = order.id, total: = order.total }
`;

type Records = Record<string, Record<string, unknown> | Error>;
const fromMap =
  (records: Records): RecordLoader =>
  async ({ id }) => {
    const record = records[String(id)];
    if (record instanceof Error) throw record;
    return record ?? null;
  };
const orders: Records = { order_1: { id: "order_1", email: "ada@example.com", customer_id: "cus_1", total: 42 } };

let folder: string;
let segment: SegmentServer;
const runtimes: HostRuntime<Records>[] = [];

beforeAll(async () => {
  const dir = await writeTree({
    "mappings/order-placed.yaml": ORDER_PLACED,
    "broken/order-placed.yaml": "on: [order.placed\n",
    "runaway/customer-checked.yaml": CHECKED_MAPPING,
    // The runaway mapping fixed: a plain comparison instead of the backtracking regex.
    // A literal that looks like a path: loaded, with a warning.
    "warned/customer-created.yaml": "on: customer.created\ncalls:\n  - identify:\n      userId: event.data.id\n",
    "fixed/customer-checked.yaml": CHECKED_MAPPING.replace(/\$contains\(.*\)$/m, '$substringAfter(event.data.email, "@") = "shop.com"'),
  });
  folder = join(dir, "mappings");
  segment = await startSegmentServer();
});
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((runtime) => runtime.close()));
  segment.reset();
});
afterAll(() => segment.close());

function recordingLog(): { log: HostLog; lines: string[] } {
  const lines: string[] = [];
  const log: HostLog = { info: (m) => lines.push(`info: ${m}`), warn: (m) => lines.push(`warn: ${m}`), error: (m) => lines.push(`error: ${m}`) };
  return { log, lines };
}

function start(rawOptions: Record<string, unknown>, config: Partial<HostRuntimeConfig<Records>> = {}) {
  const { log, lines } = recordingLog();
  const options = readHostOptions(
    new OptionReader("@example/host", { write_key: "wk_secret", host: segment.url, flush_at: 1, max_retries: 0, ...rawOptions }),
  );
  const runtime = new HostRuntime<Records>({
    packageName: "@example/host",
    options,
    logger: log,
    shippedMappings: folder,
    recordLoader: fromMap,
    serviceName: "exampleService",
    ...config,
  });
  runtimes.push(runtime);
  return { runtime, lines };
}

describe("HostRuntime: what every trackmap host runs", () => {
  it("maps events in worker processes: a runaway store mapping is stopped at its budget and reported, while other events go on", async () => {
    const { runtime, lines } = start({ outbox: false, mappings: [join(folder, "..", "runaway")], eval_budget_ms: 300 });

    const runaway = runtime.trackEvent({ name: "customer.checked", data: { id: "cus_1", email: SLOW_EMAIL } }, {});
    const other = await runtime.trackEvent({ name: "order.placed", data: { id: "order_1" } }, orders);
    const stopped = await runaway;

    expect(other?.calls).toHaveLength(2);
    expect(stopped?.errors.map((error) => error.code)).toEqual(["TM_EVAL_TIMEOUT"]);
    expect(lines).toEqual([expect.stringMatching(/^warn: \[trackmap\] customer\.checked: .*customer-checked\.yaml:3:\d+: TM_EVAL_TIMEOUT /)]);
    await segment.waitForMessages(2);
  });

  it("takes the mappings a host loaded already: answers handles() at once, logs their warnings once, maps with them", async () => {
    const warned = join(folder, "..", "warned");
    const loadedMappings = await loadHostMappings(folder, { mappings: [warned], limits: {} });
    const { runtime, lines } = start({ outbox: false, mappings: [warned] }, { loadedMappings });

    expect(runtime.handles("order.placed")).toBe(true);
    expect(runtime.handles("customer.checked")).toBe(false);
    const result = await runtime.trackEvent({ name: "order.placed", data: { id: "order_1" } }, orders);
    expect(result?.errors).toEqual([]);
    expect(result?.calls.map((call) => call.type)).toEqual(["identify", "track"]);
    expect(lines).toEqual([
      expect.stringMatching(/^warn: \[trackmap\] .*customer-created\.yaml:4:\d+ calls\[0\]\.identify\.userId is the literal text/),
    ]);
  });

  it("maps on the main thread when the store turns isolation off", async () => {
    const { runtime } = start({ outbox: false, isolate_evaluation: false });

    const result = await runtime.trackEvent({ name: "order.placed", data: { id: "order_1" } }, orders);

    expect(result?.calls.map((call) => call.type)).toEqual(["identify", "track"]);
  });

  it("maps an event with the records the host loads, and sends its calls", async () => {
    const { runtime } = start({ outbox: false });

    const result = await runtime.trackEvent({ name: "order.placed", data: { id: "order_1" } }, orders);
    await result?.delivered;

    expect(result?.errors).toEqual([]);
    expect(segment.messages.map((m) => [m.type, m.userId, m.properties ?? m.traits])).toEqual([
      ["identify", "cus_1", { email: "ada@example.com" }],
      ["track", "cus_1", { order_id: "order_1", total: 42 }],
    ]);
    expect(runtime.handles("order.placed")).toBe(true);
    expect(runtime.handles("order.canceled")).toBe(false);
  });

  it("reports a record that fails to load with the event and the mapping, and goes on with the next event", async () => {
    const { runtime, lines } = start({ outbox: false });

    const failed = await runtime.trackEvent({ name: "order.placed", data: { id: "order_1" } }, { order_1: new Error("connection terminated") });
    const next = await runtime.trackEvent({ name: "order.placed", data: { id: "order_1" } }, orders);

    expect(failed?.calls).toEqual([]);
    expect(next?.calls).toHaveLength(2);
    expect(lines.join("\n")).toMatch(
      /warn: \[trackmap\] order\.placed: .*order-placed\.yaml:\d+:\d+: TM_LOAD_FAILED loading order "order_1" failed: connection terminated/,
    );
  });

  it("logs each call Segment refuses with the event, the call and the mapping, never the write key", async () => {
    const { runtime, lines } = start({ outbox: false }, { compatibility: "medusa-plugin-segment" });
    segment.setFault({ status: 400 });

    await runtime.trackEvent({ name: "order.placed", data: { id: "order_1" } }, orders);

    expect(lines.filter((line) => line.startsWith("error:"))).toEqual([
      expect.stringMatching(
        /^error: \[trackmap\] order\.placed \{"id":"order_1"\}: identify not delivered: .*400.*\[mapping .*order-placed\.yaml\]$/,
      ),
      expect.stringMatching(/^error: \[trackmap\] order\.placed \{"id":"order_1"\}: track "Order Completed" not delivered: .*400/),
    ]);
    expect(lines.join("\n")).not.toContain("wk_secret");
  });

  it("rejects an invalid hand-written call with TM_INVALID_CALL; with medusa-plugin-segment's compatibility it logs it and resolves", async () => {
    const { runtime } = start({ outbox: false });
    const { runtime: compatible, lines } = start({ outbox: false }, { compatibility: "medusa-plugin-segment" });

    await expect(runtime.track({ event: "Points Earned", properties: {} })).rejects.toMatchObject({
      code: "TM_INVALID_CALL",
      message: expect.stringMatching(/^exampleService\.track "Points Earned": .*userId/),
    });
    await expect(compatible.track({ event: "Points Earned", properties: {} })).resolves.toMatchObject({ status: "invalid" });
    await expect(runtime.identify({ userId: "cus_1", traits: { plan: "gold" } })).resolves.toMatchObject({ status: "delivered" });

    expect(lines).toEqual([expect.stringMatching(/^warn: \[trackmap\] exampleService\.track "Points Earned": not sent, .*userId/)]);
    expect(segment.messages.map((m) => m.type)).toEqual(["identify"]);
  });

  it("behind the outbox, shows the figures, keeps an invalid mapped call dead, and re-sends it once it can go", async () => {
    const store = createMemoryOutboxStore();
    const { runtime } = start({ outbox: { report_interval_ms: 0 } }, { store });

    await runtime.trackEvent({ name: "order.placed", data: { id: "order_2" } }, { order_2: { id: "order_2", total: 1 } });
    await runtime.trackEvent({ name: "order.placed", data: { id: "order_1" } }, orders);
    await waitFor(async () => (await runtime.outboxCounts())?.delivered === 2);

    expect(await runtime.outboxCounts()).toEqual({ pending: 0, retrying: 0, dead: 2, delivered: 2 });
    const dead = await runtime.listDeadCalls();
    expect(dead.map((record) => record.lastError)).toEqual([
      expect.stringMatching(/TM_INVALID_CALL.*userId or anonymousId is required/),
      expect.stringMatching(/TM_INVALID_CALL.*userId or anonymousId is required/),
    ]);
    expect(await runtime.resendDeadCalls([dead[0]!.messageId])).toBe(1);
    await waitFor(async () => (await runtime.outboxCounts())?.pending === 0);
    expect(await runtime.outboxCounts()).toMatchObject({ dead: 2, delivered: 2 });
  });

  it("behind the outbox, keeps an event stopped at its budget dead with its code, and maps it again on resend once the mapping is fixed", async () => {
    const store = createMemoryOutboxStore();
    const checked = { name: "customer.checked", data: { id: "cus_1", email: SLOW_EMAIL } };
    const runaway = start({ outbox: { report_interval_ms: 0 }, mappings: [join(folder, "..", "runaway")], eval_budget_ms: 300 }, { store });

    await runaway.runtime.trackEvent(checked, {});
    const [dead] = await runaway.runtime.listDeadCalls();
    expect(dead).toMatchObject({
      messageId: expect.stringMatching(/^tm-event-/),
      event: checked,
      source: { event: "customer.checked", entityIds: ["cus_1"] },
      status: "dead",
      lastError: expect.stringMatching(/^customer\.checked: .*customer-checked\.yaml:3:\d+: TM_EVAL_TIMEOUT the event ran past its budget of 300 ms/),
    });
    expect(dead?.lastError).not.toContain(SLOW_EMAIL);
    // Still the runaway mapping: mapped again, it fails again and stays dead, given up again.
    expect(await runaway.runtime.resendDeadCalls(undefined, {})).toBe(0);
    expect(await runaway.runtime.listDeadCalls()).toEqual([{ ...dead, lastError: expect.stringContaining("TM_EVAL_TIMEOUT") }]);
    await runaway.runtime.close();

    // The store's mapping fixed, the process restarted: the dead event is mapped with it, and its call sent.
    const fixed = start({ outbox: { report_interval_ms: 0 }, mappings: [join(folder, "..", "fixed")] }, { store });
    expect(await fixed.runtime.resendDeadCalls([dead!.messageId], {})).toBe(1);
    await segment.waitForMessages(1);

    expect(segment.messages.map((m) => [m.event, m.userId, m.properties])).toEqual([["Customer Checked", "cus_1", { shop_email: false }]]);
    expect(await fixed.runtime.listDeadCalls()).toEqual([]);
    const [call] = await fixed.runtime.listOutboxForEntity("cus_1");
    expect(call).toMatchObject({ call: { event: "Customer Checked" }, source: { event: "customer.checked", entityIds: ["cus_1"] } });
    expect(fixed.lines).toContain("info: [trackmap] 1 dead event(s) mapped again, their calls stored in the outbox to be sent");
  });

  it("behind the outbox, stores each mapped call with its event and entities, found by the order's id; a hand-written call has none", async () => {
    const store = createMemoryOutboxStore();
    const { runtime } = start({ outbox: { report_interval_ms: 0 } }, { store });

    await runtime.trackEvent({ name: "order.placed", data: { id: "order_1" } }, orders);
    await runtime.track({ event: "Points Earned", userId: "cus_1" });
    await waitFor(async () => (await runtime.outboxCounts())?.delivered === 3);

    const calls = await runtime.listOutboxForEntity("order_1");
    // Both calls are stored in the same millisecond: newest first leaves their order open.
    expect(calls.map((record) => [record.call && "type" in record.call && record.call.type, record.source]).sort()).toEqual([
      ["identify", { event: "order.placed", entityIds: ["order_1"] }],
      ["track", { event: "order.placed", entityIds: ["order_1"] }],
    ]);
    expect(await runtime.listOutboxForEntity("order_1", 1, 1)).toEqual([calls[1]]);
    const byHand = [...store.records.values()].find((record) => JSON.stringify(record.call).includes("Points Earned"));
    expect(byHand).not.toHaveProperty("source");
  });

  it("shows its status: the write key set (never the key), the outbox on, each mapped event with its file and origin, and the warnings", async () => {
    const store = createMemoryOutboxStore();
    const { runtime, lines } = start(
      { outbox: { report_interval_ms: 0 }, mappings: [join(folder, "..", "warned")], disable: ["customer.created"] },
      { store },
    );

    const status = await runtime.status();

    expect(status).toEqual({
      writeKeySet: true,
      outbox: "on",
      mappingsLoaded: true,
      events: [
        { event: "customer.created", mapping: expect.stringMatching(/warned\/customer-created\.yaml$/), from: "store", disabled: true },
        { event: "order.placed", mapping: expect.stringMatching(/mappings\/order-placed\.yaml$/), from: "shipped", disabled: false },
      ],
      warnings: [expect.stringMatching(/customer-created\.yaml:4:\d+ calls\[0\]\.identify\.userId is the literal text "event\.data\.id"/)],
    });
    expect(lines).toEqual([`warn: [trackmap] ${status.warnings[0]}`]);
    expect(JSON.stringify(status)).not.toContain("wk_secret");
  });

  it("shows a dry run's status, and without a usable outbox table the outbox as unavailable", async () => {
    const missing: OutboxStore = {
      ...createMemoryOutboxStore(),
      check: () => Promise.reject(Object.assign(new Error('relation "trackmap_outbox" does not exist'), { code: "42P01" })),
    };
    const { runtime: dry } = start({ write_key: undefined }, { store: createMemoryOutboxStore() });
    const { runtime: unmigrated } = start({}, { store: missing });
    const { runtime: broken } = start({}, { shippedMappings: join(folder, "..", "broken") });

    expect(await dry.status()).toMatchObject({ writeKeySet: false, outbox: "off", mappingsLoaded: true });
    expect(await unmigrated.status()).toMatchObject({ writeKeySet: true, outbox: "unavailable" });
    expect(await unmigrated.outboxFigures()).toBeUndefined();
    expect(await broken.status()).toMatchObject({ outbox: "off", mappingsLoaded: false, events: [], warnings: [] });
  });

  it("behind the outbox, lists the calls newest first with filters and paging, and gives the figures of the last day", async () => {
    const store = createMemoryOutboxStore();
    const { runtime } = start({ outbox: { report_interval_ms: 0 } }, { store });

    await runtime.trackEvent({ name: "order.placed", data: { id: "order_1" } }, orders);
    await waitFor(async () => (await runtime.outboxCounts())?.delivered === 2);

    const page = await runtime.listOutboxCalls({ limit: 1, type: "track" });
    expect(page).toEqual({
      total: 1,
      totalCapped: false,
      records: [expect.objectContaining({ status: "delivered", call: expect.objectContaining({ event: "Order Completed" }) })],
    });
    const figures = await runtime.outboxFigures(3);
    expect(figures?.counts).toEqual({ pending: 0, retrying: 0, dead: 0, delivered: 2 });
    expect(figures?.deliveredLastDay).toBe(2);
    expect(figures?.perMinute.reduce((sum, minute) => sum + minute.stored, 0)).toBe(2);
  });

  it("backfills history through its own mappings and outbox: the live call's messageId, counted once, the rest once too", async () => {
    const store = createMemoryOutboxStore();
    const { runtime } = start({ outbox: { report_interval_ms: 0 } }, { store });
    const placed = (id: string, iso: string) => ({
      id,
      createdAt: new Date(iso),
      events: [{ name: "order.placed", data: { id }, at: new Date(iso) }],
    });
    const history = [placed("order_1", "2026-01-01T00:00:00Z"), placed("order_9", "2026-02-01T00:00:00Z")];
    const records: Records = { ...orders, order_9: { id: "order_9", email: "bob@example.com", customer_id: "cus_9", total: 7 } };
    // order_1 was tracked live: its two calls are in the outbox already, under the ids the backfill derives.
    await runtime.trackEvent({ name: "order.placed", data: { id: "order_1" } }, orders);
    await waitFor(async () => (await runtime.outboxCounts())?.delivered === 2);

    const estimate = await runtime.estimateBackfill(records, { source: createMemoryBackfillSource(history), rate: 2 });
    expect(estimate).toMatchObject({ records: 2, calls: 4, seconds: 2 });
    const result = await runtime.backfill(records, {
      source: createMemoryBackfillSource(history),
      rate: 0,
      pollMs: 10,
      saveCheckpoint: async () => undefined,
    });

    expect(result).toMatchObject({ status: "completed", progress: { done: 2, calls: 4, errors: 0 } });
    expect(await runtime.outboxCounts()).toEqual({ pending: 0, retrying: 0, dead: 0, delivered: 4 });
    const ids = segment.messages.map((m) => m.messageId);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
  });

  it("refuses a backfill without the outbox, which exactly-once rests on", async () => {
    const { runtime } = start({ outbox: false });
    await expect(runtime.backfill(orders, { source: createMemoryBackfillSource([]), saveCheckpoint: async () => undefined })).rejects.toMatchObject({
      code: "TM_BACKFILL_NO_OUTBOX",
    });
  });

  it("says at start-up which events are mapped and what a store should know, then closes once however often asked", async () => {
    const { runtime, lines } = start({ write_key: undefined }, { notes: ['option "legacy" is ignored'] });

    await runtime.logStart();
    await runtime.track({ event: "Dry", userId: "cus_1" });
    await Promise.all([runtime.close(), runtime.close()]);
    await runtime.track({ event: "Late", userId: "cus_1" });

    expect(lines).toEqual([
      "info: [trackmap] 1 event(s) mapped to Segment: order.placed",
      'warn: [trackmap] option "legacy" is ignored',
      "warn: [trackmap] no write_key: dry run, the Segment calls are logged, not sent",
      expect.stringMatching(/^info: \[trackmap\] dry run, not sent: track "Dry"/),
      'error: [trackmap] exampleService.track "Late" came after trackmap stopped (shutdown, or the process exiting): the call was not sent.',
    ]);
  });

  it("with a broken mapping, logs every problem, maps nothing, and ready() says why", async () => {
    const { log, lines } = recordingLog();
    const options = readHostOptions(new OptionReader("@example/host", {}));
    const runtime = new HostRuntime<Records>({
      packageName: "@example/host",
      options,
      logger: log,
      shippedMappings: join(folder, "..", "broken"),
      recordLoader: fromMap,
    });
    runtimes.push(runtime);

    await expect(runtime.ready()).rejects.toMatchObject({
      code: "TM_INVALID_MAPPINGS",
      message: "@example/host: the mappings could not be loaded (see the errors logged at start-up)",
    });
    expect(await runtime.trackEvent({ name: "order.placed", data: { id: "order_1" } }, orders)).toBeUndefined();
    expect(lines).toEqual([expect.stringMatching(/^error: \[trackmap\] .*broken\/order-placed\.yaml:2:1/s)]);
  });

  it("when the outbox's table is missing, says what to run once, and sends directly", async () => {
    const store: OutboxStore = {
      ...createMemoryOutboxStore(),
      check: () => Promise.reject(Object.assign(new Error('relation "trackmap_outbox" does not exist'), { code: "42P01" })),
    };
    const { runtime, lines } = start({}, { store, migrateCommand: "npx example migrate" });

    await expect(runtime.track({ event: "Direct", userId: "cus_1" })).resolves.toMatchObject({ status: "delivered" });

    expect(lines).toEqual([expect.stringMatching(/^error: \[trackmap\] the outbox table is missing .*: run `npx example migrate`\./)]);
    expect(await runtime.outboxCounts()).toBeUndefined();
  });

  it("when the database fails at start-up for another reason, says so and keeps the outbox, which works once it does", async () => {
    const healthy = createMemoryOutboxStore();
    const store: OutboxStore = { ...healthy, check: () => Promise.reject(new Error("terminating connection due to administrator command")) };
    const { runtime, lines } = start({ outbox: { report_interval_ms: 0 } }, { store });

    await expect(runtime.track({ event: "Stored", userId: "cus_1" })).resolves.toMatchObject({ status: "queued" });
    await waitFor(async () => (await runtime.outboxCounts())?.delivered === 1);

    expect(lines).toEqual([
      expect.stringMatching(/^error: \[trackmap\] the outbox cannot be used yet \(terminating connection due to administrator command\)\./),
    ]);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
