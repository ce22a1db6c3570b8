import { afterEach, describe, expect, it } from "vitest";
import type { SegmentCall } from "../../calls/segmentCall";
import { startSegmentServer, type SegmentServer } from "../../testing/segmentServer";
import { createSegmentDestination } from "../segmentDestination";
import { createMemoryOutboxStore } from "./memoryOutboxStore";
import { createOutboxDestination, type OutboxDestination, type OutboxDestinationOptions, type OutboxRoundSummary } from "./outboxDestination";
import type { OutboxCallRecord, OutboxStore } from "./outboxStore";

const call = (i: number): SegmentCall => ({ type: "track", event: "Order Completed", userId: `cus_${i}`, messageId: `msg-${i}` });

let server: SegmentServer;
const open: OutboxDestination[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((destination) => destination.close({ timeoutMs: 2000 })));
  await server?.close();
});

/** An outbox in front of the real Segment client, pointed at the local server, with quick retries. */
function outbox<S extends OutboxStore = ReturnType<typeof createMemoryOutboxStore>>(
  store: S = createMemoryOutboxStore() as OutboxStore as S,
  extra: Partial<OutboxDestinationOptions> = {},
) {
  const destination = createOutboxDestination({
    store,
    sender: createSegmentDestination({ writeKey: "wk", host: server.url, flushAt: 50, flushInterval: 5, maxRetries: 0 }),
    baseBackoffMs: 10,
    maxBackoffMs: 40,
    pollIntervalMs: 10,
    ...extra,
  });
  open.push(destination);
  return { destination, store };
}

/** Records how many calls each use of a store's `claim` or `enqueueAndClaim` hands out, in order. */
function countHandedOut(store: OutboxStore, method: "claim" | "enqueueAndClaim"): number[] {
  const counts: number[] = [];
  const original = store[method].bind(store) as (...args: unknown[]) => Promise<OutboxCallRecord[]>;
  Object.assign(store, {
    [method]: async (...args: unknown[]) => {
      const handedOut = await original(...args);
      counts.push(handedOut.length);
      return handedOut;
    },
  });
  return counts;
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
    expect(retrying!.lastError).toBe("Segment delivery failed: [500] Internal Server Error");

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

  it("gives a call without a messageId one that it keeps across retries", async () => {
    server = await startSegmentServer();
    const { destination, store } = outbox();
    server.setFault({ status: 500, times: 1 });

    const outcome = await destination.send({ type: "identify", userId: "cus_1", traits: { email: "ada@example.com" } });
    await until(async () => (await store.counts()).delivered === 1, "delivery on the retry");

    expect(outcome.call.messageId).toMatch(/^tm-[0-9a-f-]{36}$/);
    expect(server.messages.map((m) => m.messageId)).toEqual([outcome.call.messageId]);
  });

  it("tells after each failing round what will be retried and what is dead", async () => {
    server = await startSegmentServer();
    const rounds: OutboxRoundSummary[] = [];
    const { destination, store } = outbox(createMemoryOutboxStore(), { onRound: (summary) => rounds.push(summary) });
    server.setFault({ status: 503, times: 1 });

    await destination.send(call(1));
    await until(async () => (await store.counts()).delivered === 1, "delivery on the retry");

    expect(rounds).toHaveLength(1);
    expect(rounds[0]).toMatchObject({
      delivered: 0,
      dead: [],
      retrying: [{ messageId: "msg-1", attempts: 1, error: "Segment delivery failed: [503] Service Unavailable" }],
    });
  });

  it("keeps a call that failed validation as dead, under an id of its own when its messageId is unusable", async () => {
    server = await startSegmentServer();
    const { destination, store } = outbox();
    const oversized = { ...call(1), properties: { note: "x".repeat(40_000) } };
    const badId = { ...call(2), messageId: "m".repeat(300) };

    await destination.reject!(oversized, "order.placed: TM_INVALID_CALL invalid call, not sent: over 32 KB");
    await destination.reject!(badId, "order.placed: TM_INVALID_CALL invalid call, not sent: messageId too long");

    expect(await store.counts()).toEqual({ pending: 0, retrying: 0, dead: 2, delivered: 0 });
    const dead = await store.listDead(10);
    expect(dead.map((r) => r.messageId)).toEqual(expect.arrayContaining(["msg-1", expect.stringMatching(/^tm-invalid-[0-9a-f]{32}$/)]));
    expect(dead.find((r) => r.messageId === "msg-1")?.lastError).toContain("over 32 KB");
    expect(server.requests).toHaveLength(0);
  });

  it("checks a re-sent dead call again: one still invalid stays dead with the reason of now, a fixed one goes out in its checked form", async () => {
    server = await startSegmentServer();
    const rounds: OutboxRoundSummary[] = [];
    const { destination, store } = outbox(createMemoryOutboxStore(), { onRound: (summary) => rounds.push(summary) });
    const noUser = (messageId: string) => ({ type: "track", event: "Order Completed", messageId }) as SegmentCall;
    const reason = "order.placed: TM_INVALID_CALL invalid call, not sent: userId or anonymousId is required";
    await destination.reject!(noUser("msg-1"), reason);
    await destination.reject!(noUser("msg-2"), reason);
    // An operator mends one row in the table, with a userId as a number (the check makes it text).
    Object.assign(store.records.get("msg-2")!, { call: { ...noUser("msg-2"), userId: 42 } });

    expect(await store.resend()).toBe(2);
    await destination.drain();

    expect(server.messages.map((m) => [m.messageId, m.userId])).toEqual([["msg-2", "42"]]);
    const stillInvalid = "TM_INVALID_CALL invalid call, not sent (checked again before sending): userId or anonymousId is required";
    expect(await store.listDead(10)).toMatchObject([{ messageId: "msg-1", attempts: 1, lastError: stillInvalid }]);
    expect(rounds.flatMap((round) => round.dead)).toEqual([{ messageId: "msg-1", error: stillInvalid, invalid: true }]);
    expect(await store.counts()).toEqual({ pending: 0, retrying: 0, dead: 1, delivered: 1 });
  });

  it("keeps of an invalid call over 64 KB its size and its first 64 KB, and does not send it again", async () => {
    server = await startSegmentServer();
    const { destination, store } = outbox();
    // 10 MB of two-byte characters: the cut at 64 KB must not fall inside one.
    const huge = { ...call(1), properties: { note: "é".repeat(5_000_000) } };
    const json = JSON.stringify(huge);
    const ascii = json.indexOf("é");
    const keptCharacters = ascii + Math.floor((65_536 - ascii) / 2);
    await destination.reject!(huge, "order.placed: TM_INVALID_CALL invalid call, not sent: the call is too large");

    const [kept] = await store.listDead(10);
    expect(kept!.call).toEqual({ truncated: true, bytes: 10_000_000 + ascii + 3, prefix: json.slice(0, keptCharacters) });

    expect(await store.resend(["msg-1"])).toBe(1);
    await destination.drain();

    expect(await store.listDead(10)).toMatchObject([
      {
        messageId: "msg-1",
        lastError: `TM_INVALID_CALL not sent: the call was ${10_000_000 + ascii + 3} bytes and only its first ${Buffer.byteLength(json.slice(0, keptCharacters))} were kept when it failed validation, so it cannot be sent again`,
      },
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it("sends a call directly when the store fails, and says so", async () => {
    server = await startSegmentServer();
    const failures: string[] = [];
    const missing = () => Promise.reject(new Error('relation "trackmap_outbox" does not exist'));
    const broken: OutboxStore = { ...createMemoryOutboxStore(), enqueue: missing, enqueueAndClaim: missing };
    const { destination } = outbox(broken, { onStoreError: (error, during) => failures.push(`${during}: ${(error as Error).message}`) });

    const outcome = await destination.send(call(1));

    expect(outcome).toEqual({ status: "delivered", call: call(1) });
    expect(server.messages.map((m) => m.messageId)).toEqual(["msg-1"]);
    expect(failures).toEqual(['enqueue: relation "trackmap_outbox" does not exist']);
  });

  it("on close, sends what the client holds at once and leaves the rest in the store", async () => {
    server = await startSegmentServer();
    const store = createMemoryOutboxStore();
    // A client that would hold its batch for a minute, one round at a time.
    const sender = createSegmentDestination({ writeKey: "wk", host: server.url, flushAt: 100, flushInterval: 60_000, maxRetries: 0 });
    const destination = createOutboxDestination({ store, sender, batchSize: 10, concurrency: 1, pollIntervalMs: 60_000 });
    for (let i = 0; i < 30; i++) await destination.send(call(i));

    const started = Date.now();
    await destination.close({ timeoutMs: 5000 });

    expect(Date.now() - started).toBeLessThan(5000);
    const counts = await store.counts();
    expect(counts.delivered).toBeGreaterThan(0);
    expect(counts.pending).toBeGreaterThan(0);
    expect(counts.delivered + counts.pending).toBe(30);
    expect(server.messages).toHaveLength(counts.delivered);
  });

  it("on close, still flushes a call whose claim was under way", async () => {
    server = await startSegmentServer();
    const memory = createMemoryOutboxStore();
    // A slow database: the claim is still running when close() begins.
    const store: OutboxStore = {
      ...memory,
      claim: async (...args) => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        return memory.claim(...args);
      },
    };
    const sender = createSegmentDestination({ writeKey: "wk", host: server.url, flushAt: 100, flushInterval: 60_000, maxRetries: 0 });
    const destination = createOutboxDestination({ store, sender, pollIntervalMs: 60_000 });

    await destination.send(call(1));
    await destination.close({ timeoutMs: 5000 });

    expect(server.messages.map((m) => m.messageId)).toEqual(["msg-1"]);
    expect(await memory.counts()).toEqual({ pending: 0, retrying: 0, dead: 0, delivered: 1 });
  });

  it("on close, gives back at once the calls Segment did not answer in time, without counting an attempt", async () => {
    server = await startSegmentServer({ failWith: { delayMs: 5000 } });
    const store = createMemoryOutboxStore();
    const sender = createSegmentDestination({ writeKey: "wk", host: server.url, flushAt: 1, maxRetries: 0 });
    const destination = createOutboxDestination({ store, sender, pollIntervalMs: 60_000 });
    await destination.send(call(1));

    await destination.close({ timeoutMs: 200 });

    // Not leased any more: another process running takes it at its next poll.
    const [record] = await store.claim(10, new Date(), 120_000);
    expect(record).toMatchObject({ messageId: "msg-1", status: "pending", attempts: 0 });
  });

  it("on close, gives back what a round could not record in time", async () => {
    server = await startSegmentServer();
    const memory = createMemoryOutboxStore();
    const released: string[][] = [];
    // A sender that never answers, and a store that records releases.
    const sender = { name: "stuck", send: () => new Promise<never>(() => undefined), close: async () => undefined };
    const store: OutboxStore = {
      ...memory,
      release: async (ids) => {
        released.push([...ids]);
        return memory.release(ids);
      },
    };
    const destination = createOutboxDestination({ store, sender, pollIntervalMs: 60_000 });
    await destination.send(call(1));
    await destination.send(call(2));

    const started = Date.now();
    await destination.close({ timeoutMs: 100 });

    expect(Date.now() - started).toBeLessThan(4000);
    expect(released).toEqual([["msg-1", "msg-2"]]);
    expect((await memory.claim(10, new Date(), 1000)).map((r) => r.messageId)).toEqual(["msg-1", "msg-2"]);
  });

  it("reports a failure to record Segment's answer as such, and still records the rest", async () => {
    server = await startSegmentServer();
    const memory = createMemoryOutboxStore();
    const failures: string[] = [];
    const store: OutboxStore = { ...memory, markDelivered: () => Promise.reject(new Error("Driver not Connected")) };
    const { destination } = outbox(store, {
      onStoreError: (error, during, calls) => failures.push(`${during} ${calls}: ${(error as Error).message}`),
    });

    await destination.send(call(1));
    await destination.drain();

    expect(server.messages.map((m) => m.messageId)).toEqual(["msg-1"]);
    expect(failures).toEqual(["mark 1: Driver not Connected"]);
  });

  it("sends a call at once, ahead of calls already waiting in the store", async () => {
    server = await startSegmentServer();
    const store = createMemoryOutboxStore();
    // A backlog stored by another process (a backfill), due now; this one polls only once a minute.
    await store.enqueue(
      Array.from({ length: 300 }, (_, i) => ({ ...call(i), messageId: `backlog-${i}` })),
      new Date(),
    );
    const { destination } = outbox(store, { pollIntervalMs: 60_000 });

    await destination.send(call(1));
    await until(async () => (await store.counts()).delivered >= 1, "the call delivered");

    expect(server.messages.map((m) => m.messageId)).toEqual(["msg-1"]);
    expect(await store.counts()).toEqual({ pending: 300, retrying: 0, dead: 0, delivered: 1 });
  });

  it("sends a call stored before (a backfill's, an event emitted again) when it is sent again, once", async () => {
    server = await startSegmentServer();
    const store = createMemoryOutboxStore();
    await store.enqueue([call(1)], new Date());
    const { destination } = outbox(store, { pollIntervalMs: 60_000 });

    await destination.send(call(1));
    await until(async () => (await store.counts()).delivered === 1, "the call delivered");
    await destination.drain();

    expect(server.messages.map((m) => m.messageId)).toEqual(["msg-1"]);
  });

  it("keeps at most a batch of calls sent at once awaiting Segment's answer: the next wait in the store", async () => {
    server = await startSegmentServer({ failWith: { delayMs: 300 } });
    const { destination, store } = outbox(createMemoryOutboxStore(), { batchSize: 2, concurrency: 1, pollIntervalMs: 60_000 });
    const claims = countHandedOut(store, "claim");

    for (let i = 0; i < 5; i++) await destination.send(call(i));
    await destination.drain();

    // Two sent as stored; the three after them taken from the store by rounds.
    expect(claims.reduce((sum, n) => sum + n, 0)).toBe(3);
    expect(new Set(server.messages.map((m) => m.messageId)).size).toBe(5);
  });

  it("keeps that bound for calls sent together, before any of them is stored", async () => {
    server = await startSegmentServer({ failWith: { delayMs: 300 } });
    const { destination, store } = outbox(createMemoryOutboxStore(), { batchSize: 2, concurrency: 1, pollIntervalMs: 60_000 });
    const sentAtOnce = countHandedOut(store, "enqueueAndClaim");

    await Promise.all(Array.from({ length: 5 }, (_, i) => destination.send(call(i))));
    await destination.drain();

    expect(sentAtOnce.reduce((sum, n) => sum + n, 0)).toBe(2);
    expect(new Set(server.messages.map((m) => m.messageId)).size).toBe(5);
  });

  describe("a send held longer than the lease (a 429 with Retry-After)", () => {
    // The client holds a batch answered 429 until its Retry-After has passed: here 1 s, five leases.
    const rateLimited = { status: 429, times: 1, headers: { "Retry-After": "1" } };
    const lease = { leaseMs: 200, pollIntervalMs: 10 };

    it("keeps the calls this process sends: its own next rounds do not take them again", async () => {
      server = await startSegmentServer({ failWith: rateLimited });
      const { destination, store } = outbox(createMemoryOutboxStore(), lease);

      await destination.send(call(1));
      await until(async () => (await store.counts()).delivered === 1, "delivery after the Retry-After");
      await destination.drain();

      expect(server.requests.map((r) => r.status)).toEqual([429, 200]);
      expect(server.messages.map((m) => m.messageId)).toEqual(["msg-1"]);
    });

    it("keeps them from another process sharing the store", async () => {
      server = await startSegmentServer({ failWith: rateLimited });
      const store = createMemoryOutboxStore();
      const holder = outbox(store, lease).destination;
      await holder.send(call(1));
      await server.waitForRequests(1);
      // Another process polling the same store, with a client of its own that Segment is not holding back.
      const other = outbox(store, lease).destination;

      await until(async () => (await store.counts()).delivered === 1, "delivery after the Retry-After");
      await Promise.all([holder.drain(), other.drain()]);

      expect(server.requests.map((r) => r.status)).toEqual([429, 200]);
      expect(server.messages.map((m) => m.messageId)).toEqual(["msg-1"]);
    });
  });

  it("can be closed twice", async () => {
    server = await startSegmentServer();
    const { destination } = outbox();
    await destination.send(call(1));

    await Promise.all([destination.close(), destination.close()]);

    expect(server.messages.map((m) => m.messageId)).toEqual(["msg-1"]);
  });
});
