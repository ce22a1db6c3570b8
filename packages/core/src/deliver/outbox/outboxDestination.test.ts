import { afterEach, describe, expect, it } from "vitest";
import type { SegmentCall } from "../../calls/segmentCall";
import { startSegmentServer, type SegmentServer } from "../../testing/segmentServer";
import { createSegmentDestination } from "../segmentDestination";
import { createMemoryOutboxStore } from "./memoryOutboxStore";
import { createOutboxDestination, type OutboxDestination } from "./outboxDestination";

const call = (i: number): SegmentCall => ({ type: "track", event: "Order Completed", userId: `cus_${i}`, messageId: `msg-${i}` });

let server: SegmentServer;
const open: OutboxDestination[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((destination) => destination.close({ timeoutMs: 2000 })));
  await server?.close();
});

/** An outbox in front of the real Segment client, pointed at the local server, with quick retries. */
function outbox(store = createMemoryOutboxStore()) {
  const destination = createOutboxDestination({
    store,
    sender: createSegmentDestination({ writeKey: "wk", host: server.url, flushAt: 50, flushInterval: 5, maxRetries: 0 }),
    baseBackoffMs: 10,
    maxBackoffMs: 40,
    pollIntervalMs: 10,
  });
  open.push(destination);
  return { destination, store };
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("the outbox destination", () => {
  it("stores each call, sends it at once, and counts it delivered", async () => {
    server = await startSegmentServer();
    const { destination } = outbox();

    expect(await destination.send(call(1))).toEqual({ status: "queued", call: call(1) });
    await destination.drain();

    expect(server.messages.map((m) => m.messageId)).toEqual(["msg-1"]);
    expect(await destination.counts()).toEqual({ pending: 0, retrying: 0, dead: 0, delivered: 1 });
  });

  it("loses nothing in an outage: calls made while Segment answers 500 arrive once it recovers, each once", async () => {
    server = await startSegmentServer();
    const { destination, store } = outbox();
    server.setFault({ status: 500 });

    for (let i = 0; i < 200; i++) await destination.send(call(i));
    await until(async () => (await store.counts()).retrying === 200, "every call waiting for a retry");
    const retrying = [...store.records.values()][0];
    expect(retrying.lastError).toBe("Segment delivery failed: [500] Internal Server Error");

    server.clearFault();
    await until(async () => (await store.counts()).delivered === 200, "delivery after the outage");
    const ids = server.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(200);
    expect(ids).toHaveLength(200);
  });

  it("keeps a call Segment refuses (400) as dead with the reason, and sends it again on request", async () => {
    server = await startSegmentServer();
    const { destination, store } = outbox();
    server.setFault({ status: 400, times: 1 });

    await destination.send(call(1));
    await until(async () => (await store.counts()).dead === 1, "the call marked dead");
    expect(await store.listDead(10)).toMatchObject([{ messageId: "msg-1", attempts: 1, lastError: "Segment delivery failed: [400] Bad Request" }]);
    // Not retried by itself.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests).toHaveLength(1);

    expect(await store.resend()).toBe(1);
    await until(async () => (await store.counts()).delivered === 1, "the re-sent call delivered");
    expect(server.messages.map((m) => m.messageId)).toEqual(["msg-1"]);
  });

  it("does not send a call twice when two processes share the store", async () => {
    server = await startSegmentServer();
    const store = createMemoryOutboxStore();
    const first = outbox(store).destination;
    const second = outbox(store).destination;

    for (let i = 0; i < 100; i++) await (i % 2 ? first : second).send(call(i));
    await until(async () => (await store.counts()).delivered === 100, "all delivered");

    expect(server.messages).toHaveLength(100);
  });

  it("sends what is due on close, and refuses calls after", async () => {
    server = await startSegmentServer();
    const { destination } = outbox();

    await destination.send(call(1));
    await destination.close();

    expect(server.messages.map((m) => m.messageId)).toEqual(["msg-1"]);
    expect(await destination.send(call(2))).toMatchObject({ status: "failed", error: { code: "destination_closed" } });
  });
});
