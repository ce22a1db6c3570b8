import { afterEach, describe, expect, it, vi } from "vitest";
import type { SegmentCall } from "../calls/segmentCall";
import { createMemoryDestination } from "../deliver/memoryDestination";
import { createMemoryOutboxStore, createOutboxDestination, type OutboxDestination } from "../deliver/outbox";
import type { HostLog } from "./hostLog";
import { checkOutboxStore, HostOutbox } from "./hostOutbox";
import { OptionReader } from "./optionReader";
import { readOutboxSettings } from "./outboxSettings";

const call = (i: number): SegmentCall => ({ type: "track", event: "Order Completed", userId: `cus_${i}`, messageId: `msg-${i}` });
// Figures only when asked (report()), not on a timer.
const settings = readOutboxSettings(new OptionReader("host", { outbox: { report_interval_ms: 0, keep_delivered_hours: 1 } }))!;

const open: OutboxDestination[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(open.splice(0).map((destination) => destination.close()));
});

function setUp() {
  const lines: string[] = [];
  const log: HostLog = { info: (m) => lines.push(`info: ${m}`), warn: (m) => lines.push(`warn: ${m}`), error: (m) => lines.push(`error: ${m}`) };
  const store = createMemoryOutboxStore();
  const sent = createMemoryDestination();
  const destination = createOutboxDestination({ store, sender: sent, pollIntervalMs: 60_000 });
  open.push(destination);
  return { outbox: new HostOutbox(store, settings, log, () => destination.drain()), store, destination, sent, lines, log };
}

describe("HostOutbox: the outbox as a host's service shows it", () => {
  it("logs the figures when they changed, and forgets delivered calls past the retention", async () => {
    const { outbox, store, destination, lines } = setUp();
    await destination.send(call(1));
    await destination.drain();

    await outbox.report();
    await outbox.report();
    // Stored two hours ago: past the one-hour retention.
    for (const record of store.records.values()) record.createdAt = new Date(Date.now() - 2 * 3_600_000);
    await outbox.report();

    expect(lines).toEqual(["info: outbox: 0 pending, 0 retrying, 0 dead, 1 delivered", "info: outbox: 0 pending, 0 retrying, 0 dead, 0 delivered"]);
  });

  it("forgets dead calls keep_dead_days (30) after they were given up", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { outbox, store, destination, lines } = setUp();
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
    await destination.reject!(call(1), "order.placed: TM_INVALID_CALL invalid call, not sent: userId or anonymousId is required");
    vi.setSystemTime(new Date("2026-01-20T00:00:00Z"));
    await destination.reject!(call(2), "order.placed: TM_INVALID_CALL invalid call, not sent: userId or anonymousId is required");

    vi.setSystemTime(new Date("2026-01-31T00:00:01Z"));
    await outbox.report();

    expect([...store.records.keys()]).toEqual(["msg-2"]);
    expect(lines).toEqual(["info: outbox: 0 pending, 0 retrying, 1 dead, 0 delivered"]);
  });

  it("gives the figures at `now`: the counts, the calls delivered over the last 24 hours, and per minute over the chart's hours", async () => {
    const { outbox, store } = setUp();
    const now = new Date("2026-03-02T12:00:30Z");
    const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
    await store.enqueue([call(1)], hoursAgo(30));
    await store.enqueue([call(2)], hoursAgo(20));
    await store.enqueue([call(3), call(4)], hoursAgo(2));
    await store.claim(10, now, 60_000);
    await store.markDelivered(["msg-1", "msg-2"]);
    // Delivered when they were stored, as if at once.
    for (const id of ["msg-1", "msg-2"]) (store.records.get(id) as { deliveredAt?: Date }).deliveredAt = store.records.get(id)!.createdAt;

    const figures = await outbox.figures(now, 3);

    expect(figures).toEqual({
      counts: { pending: 2, retrying: 0, dead: 0, delivered: 2 },
      deliveredLastDay: 1,
      perMinute: [{ minute: new Date("2026-03-02T10:00:00Z"), stored: 2, delivered: 0 }],
    });
    expect((await outbox.figures(now, 24)).perMinute).toEqual([
      { minute: new Date("2026-03-01T16:00:00Z"), stored: 1, delivered: 1 },
      { minute: new Date("2026-03-02T10:00:00Z"), stored: 2, delivered: 0 },
    ]);
  });

  it("lists dead calls and sends them again on request, at once", async () => {
    const { outbox, store, destination, sent, lines } = setUp();
    await destination.reject!(call(1), "order.placed: TM_INVALID_CALL invalid call, not sent: no userId");

    expect((await outbox.listDead()).map((record) => [record.messageId, record.lastError])).toEqual([
      ["msg-1", "order.placed: TM_INVALID_CALL invalid call, not sent: no userId"],
    ]);
    expect(await outbox.resend(["msg-1"])).toBe(1);
    await destination.drain();

    expect(sent.calls.map((c) => c.messageId)).toEqual(["msg-1"]);
    expect(await outbox.counts()).toEqual({ pending: 0, retrying: 0, dead: 0, delivered: 1 });
    expect(lines).toEqual(["info: 1 dead call(s) put back in the outbox to be sent again"]);
    expect(store.records.get("msg-1")?.status).toBe("delivered");
  });

  it("says at stop how many calls stay for the next process", async () => {
    const { outbox, store, lines } = setUp();
    await store.enqueue([call(1), call(2)], new Date());

    await outbox.stop();

    expect(lines).toEqual([
      "info: stopped; 2 call(s) stay in the outbox, to be sent by the next process (2 pending, 0 retrying, 0 dead, 0 delivered)",
    ]);
  });

  it("says at start-up in one line which command makes a missing table", async () => {
    const { store, lines, log } = setUp();
    (store as { check: () => Promise<void> }).check = () => Promise.reject(new Error('relation "trackmap_outbox" does not exist'));

    expect(await checkOutboxStore(store, "npx medusa db:migrate", log)).toBe(false);

    expect(lines).toEqual([
      `error: the outbox table is missing (relation "trackmap_outbox" does not exist): run \`npx medusa db:migrate\`. Until then calls are sent directly, without the outbox's guarantees.`,
    ]);
  });

  it("says nothing at start-up when the table is there", async () => {
    const { store, lines, log } = setUp();

    expect(await checkOutboxStore(store, "npx medusa db:migrate", log)).toBe(true);
    expect(lines).toEqual([]);
  });
});
