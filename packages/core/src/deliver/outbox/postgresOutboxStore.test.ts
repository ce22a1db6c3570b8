import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SegmentCall } from "../../calls/segmentCall";
import { startSegmentServer, type SegmentServer } from "../../testing/segmentServer";
import { startTestPostgres, type TestPostgres } from "../../testHelpers/testPostgres";
import type { MappingOutcome } from "../../evaluate/evaluateMapping";
import { prepareCall, prepareCalls } from "../../validate/prepareCalls";
import { createSegmentDestination } from "../segmentDestination";
import { createOutboxDestination, type OutboxDestination } from "./outboxDestination";
import { createPostgresOutboxStore } from "./postgresOutboxStore";
import type { OutboxStore } from "./outboxStore";
import { describeOutboxStoreContract } from "./outboxStore.contract";
import { outboxTableSql } from "./outboxTable";

// The store on a real PostgreSQL: the contract every store keeps, then what only PostgreSQL enforces
// (its parameter limit, what jsonb can hold).

let postgres: TestPostgres;
let store: OutboxStore;
let server: SegmentServer | undefined;
const open: OutboxDestination[] = [];

beforeAll(async () => {
  postgres = await startTestPostgres();
  for (const statement of outboxTableSql()) await postgres.client.query(statement);
  store = createPostgresOutboxStore(postgres.client);
}, 120_000);
afterAll(() => postgres?.stop(), 60_000);
beforeEach(() => postgres.client.query("TRUNCATE trackmap_outbox"));
afterEach(async () => {
  await Promise.all(open.splice(0).map((destination) => destination.close({ timeoutMs: 2000 })));
  await server?.close();
  server = undefined;
});

const call = (i: number): SegmentCall => ({ type: "track", event: "Order Completed", userId: `cus_${i}`, messageId: `msg-${i}` });

/** The outbox on this store, in front of the real Segment client pointed at a local server. */
async function outbox(failures: string[]) {
  server = await startSegmentServer();
  const destination = createOutboxDestination({
    store,
    sender: createSegmentDestination({ writeKey: "wk", host: server.url, flushAt: 1, maxRetries: 0 }),
    pollIntervalMs: 60_000,
    onStoreError: (error, during) => failures.push(`${during}: ${(error as Error).message}`),
  });
  open.push(destination);
  return destination;
}

describeOutboxStoreContract("the PostgreSQL outbox store", async () => {
  await postgres.client.query("TRUNCATE trackmap_outbox");
  return store;
});

describe("the PostgreSQL outbox store, on a real PostgreSQL", () => {
  it("says at check() that its table is missing", async () => {
    await expect(createPostgresOutboxStore(postgres.client, "not_migrated").check()).rejects.toThrow('relation "not_migrated" does not exist');
  });

  it("stores and updates more calls at once than one statement's 65,535 parameters allow", async () => {
    // 3 parameters a row to store or retry: 22,000 rows are 66,000; 2 a row to kill: 33,000 rows are 66,000.
    const calls = Array.from({ length: 22_000 }, (_, i) => call(i));
    const unknown = Array.from({ length: 11_000 }, (_, i) => `not-stored-${i}`);
    const now = new Date();

    await store.enqueue(calls, now);
    await store.markRetry(
      calls.map(({ messageId }) => ({ messageId: messageId!, error: "Segment delivery failed: [503] Service Unavailable", retryAt: now })),
    );
    expect(await store.counts()).toEqual({ pending: 0, retrying: 22_000, dead: 0, delivered: 0 });
    await store.markDead(
      [...calls.map((c) => c.messageId!), ...unknown].map((messageId) => ({ messageId, error: "Segment delivery failed: [400] Bad Request" })),
    );

    expect(await store.counts()).toEqual({ pending: 0, retrying: 0, dead: 22_000, delivered: 0 });
  }, 60_000);

  it("sends a call once when Segment holds it past the lease (429, Retry-After) and another process polls the table", async () => {
    server = await startSegmentServer({ failWith: { status: 429, times: 1, headers: { "Retry-After": "1" } } });
    const failures: string[] = [];
    // Two processes, each with its own client; the lease is a fifth of the Retry-After.
    const worker = () => {
      const destination = createOutboxDestination({
        store: createPostgresOutboxStore(postgres.client),
        sender: createSegmentDestination({ writeKey: "wk", host: server!.url, flushAt: 1, maxRetries: 0 }),
        leaseMs: 200,
        pollIntervalMs: 10,
        onStoreError: (error, during) => failures.push(`${during}: ${(error as Error).message}`),
      });
      open.push(destination);
      return destination;
    };
    const holder = worker();
    await holder.send(call(1));
    await server.waitForRequests(1);
    const other = worker();

    await server.waitForMessages(1);
    await Promise.all([holder.drain(), other.drain()]);

    expect(failures).toEqual([]);
    expect(server.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(server.messages.map((m) => m.messageId)).toEqual(["msg-1"]);
    expect((await postgres.client.query("SELECT status, attempts FROM trackmap_outbox")).rows).toEqual([{ status: "delivered", attempts: 1 }]);
  });

  it("stores a call whose text had U+0000 or half a character, and sends it as stored", async () => {
    const failures: string[] = [];
    const destination = await outbox(failures);
    const prepared = prepareCall({ ...call(1), properties: { note: "a\u0000b", name: "\ud800x", "key\u0000": "\udc00" } });
    if (!prepared.ok) throw new Error(prepared.problems.join("; "));

    await destination.send(prepared.call);
    await destination.drain();

    expect(failures).toEqual([]);
    const { rows } = await postgres.client.query("SELECT call, status FROM trackmap_outbox");
    expect(rows).toEqual([{ call: prepared.call, status: "delivered" }]);
    const properties = { note: "a\ufffdb", name: "\ufffdx", "key\ufffd": "\ufffd" };
    expect(prepared.call).toMatchObject({ properties });
    expect(server!.messages.map((m) => m.properties)).toEqual([properties]);
  });

  it("keeps an invalid call whose text had U+0000, and of a 10 MB one its size and first 64 KB; re-sent, each stays dead with the reason of now", async () => {
    const failures: string[] = [];
    const destination = await outbox(failures);
    const outcome: MappingOutcome = {
      event: { name: "product.created", data: { id: "prod_1" } },
      mapping: "mappings/product-created.yaml",
      input: {},
      calls: [
        { call: { type: "track", event: "Product Created", properties: { title: "Mug\u0000" } }, label: "calls[0].track" },
        { call: { type: "track", event: "Product Created", userId: "u", properties: { note: "x".repeat(10_000_000) } }, label: "calls[1].track" },
      ],
      errors: [],
    };
    const { calls, rejected } = prepareCalls(outcome);
    for (const { call, error } of rejected) await destination.reject!(call, error.message);

    expect(calls).toEqual([]);
    expect(failures).toEqual([]);
    const kept = async () =>
      (await postgres.client.query("SELECT call, last_error FROM trackmap_outbox WHERE status = 'dead' ORDER BY call ? 'truncated'")).rows;
    const [invalid, huge] = await kept();
    expect(invalid.call).toMatchObject({ type: "track", properties: { title: "Mug\ufffd" } });
    expect(huge.call).toEqual({ truncated: true, bytes: expect.any(Number), prefix: expect.stringMatching(/^\{"type":"track".*x$/) });
    expect(Buffer.byteLength(huge.call.prefix)).toBe(65_536);
    expect(huge.call.bytes).toBeGreaterThan(10_000_000);

    expect(await store.resend()).toBe(2);
    await destination.drain();

    expect((await kept()).map((row) => row.last_error)).toEqual([
      "TM_INVALID_CALL invalid call, not sent (checked again before sending): userId or anonymousId is required",
      `TM_INVALID_CALL not sent: the call was ${huge.call.bytes} bytes and only its first 65536 were kept when it failed validation, so it cannot be sent again`,
    ]);
    expect(server!.requests).toHaveLength(0);
  }, 60_000);
});
