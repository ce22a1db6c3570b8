import { createMemoryOutboxStore, createOutboxDestination, createSegmentDestination, loadMappings, type RecordRequest } from "@trackmap/core";
import { type BackfillRecord, createBackfillMapper, createMemoryBackfillSource, runBackfill } from "@trackmap/core/host";
import { startSegmentServer } from "@trackmap/core/testing";
import { MAPPINGS, orderWithLines, projectFields } from "../fixtures";
import { percentile, table } from "../measure";

/**
 * A backfill of `count` orders with the rate limit off: the real order (3 lines) under new ids, spread over a year,
 * mapped by the default order.placed mapping on the main thread, stored in the memory outbox and delivered by the
 * real Segment client to a local server; every call must arrive once. Then the latency of live calls, without a
 * backfill and during one.
 */
export async function benchBackfill(count = 10_000): Promise<{ markdown: string }> {
  const throughput = await benchThroughput(count);
  const latency = await benchLiveLatency(count);
  return { markdown: `${throughput}\n\n${latency}` };
}

/** `count` orders of history, and the mapper a host gives runBackfill: the default mappings over a loader of fixture orders. */
async function orderHistory(count: number) {
  const { mappings, diagnostics } = await loadMappings(MAPPINGS);
  if (diagnostics.some((d) => d.severity === "error")) throw new Error("the default mappings do not load");
  const { order } = orderWithLines(3);
  const start = Date.parse("2025-01-01T00:00:00.000Z");
  const history: BackfillRecord[] = Array.from({ length: count }, (_, i) => {
    const createdAt = new Date(start + i * 3_153_600);
    return {
      id: `order_bench_${String(i).padStart(6, "0")}`,
      createdAt,
      events: [{ name: "order.placed", data: { id: `order_bench_${i}` }, at: createdAt }],
    };
  });
  // Query's answer: the fixture order under the asked id, with only the fields the mapping asks for.
  const loader = async ({ id, fields }: RecordRequest) => projectFields({ ...order, id, created_at: new Date(start).toISOString() }, fields);
  return { source: createMemoryBackfillSource(history), map: createBackfillMapper({ mappings, loader }) };
}

async function benchThroughput(count: number): Promise<string> {
  const { source, map } = await orderHistory(count);
  const server = await startSegmentServer();
  const store = createMemoryOutboxStore();
  const destination = createOutboxDestination({
    store,
    sender: createSegmentDestination({ writeKey: "bench", host: server.url, flushAt: 100, flushInterval: 50, maxRetries: 3 }),
    pollIntervalMs: 50,
  });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const began = process.hrtime.bigint();
  const result = await runBackfill({
    source,
    map,
    outbox: { store, destination },
    rate: 0,
    pollMs: 20,
    saveCheckpoint: async () => undefined,
  });
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  clearInterval(sampler);
  await destination.close({ timeoutMs: 30_000 });
  const received = new Set(server.messages.map((m) => m.messageId));
  await server.close();
  if (received.size !== result.progress.calls) throw new Error(`backfill lost calls: ${received.size} of ${result.progress.calls} arrived`);
  return table(
    ["orders", "calls", "orders per second", "calls per second", "received once (server)", "errors", "peak RSS"],
    [
      [
        String(count),
        String(result.progress.calls),
        (count / seconds).toFixed(0),
        (result.progress.calls / seconds).toFixed(0),
        String(received.size),
        String(result.progress.errors),
        `${(peakRss / 1024 / 1024).toFixed(0)} MB`,
      ],
    ],
  );
}

const LIVE_CALLS = 40;

/**
 * A store's live process and a backfill process sharing one outbox (the memory store), each with its own Segment
 * client (flushAt 15, the client's default, and a flush interval of 100 ms) to one local server. The live process
 * sends LIVE_CALLS calls one after the other, each once the one before arrived, first alone, then while a backfill
 * of `count` orders runs with the rate limit off. Latency: from `send` to the server receiving the call's batch.
 */
async function benchLiveLatency(count: number): Promise<string> {
  const { source, map } = await orderHistory(count);
  const server = await startSegmentServer();
  const store = createMemoryOutboxStore();
  const client = () => createSegmentDestination({ writeKey: "bench", host: server.url, flushAt: 15, flushInterval: 100, maxRetries: 3 });
  const live = createOutboxDestination({ store, sender: client() });
  const backfillOutbox = createOutboxDestination({ store, sender: client(), pollIntervalMs: 50 });
  const arrivals = new Map<string, number>();
  let seen = 0;
  /** When the server received the call, once it did. */
  const arrival = (messageId: string) => {
    for (; seen < server.batches.length; seen++) {
      const batch = server.batches[seen]!;
      for (const message of batch.messages) arrivals.set(String(message.messageId), batch.receivedAt.getTime());
    }
    return arrivals.get(messageId);
  };
  const measure = async (label: string): Promise<number[]> => {
    const latencies: number[] = [];
    for (let i = 0; i < LIVE_CALLS; i++) {
      const messageId = `live-${label}-${i}`;
      const sentAt = Date.now();
      await live.send({ type: "track", event: "Order Completed", userId: "cus_live", messageId, properties: { order_id: `order_live_${i}` } });
      while (arrival(messageId) === undefined) await new Promise((resolve) => setTimeout(resolve, 2));
      latencies.push(arrival(messageId)! - sentAt);
    }
    return latencies.sort((a, b) => a - b);
  };

  const alone = await measure("alone");
  const backfillCalls = () => server.messages.filter((message) => !String(message.messageId).startsWith("live-")).length;
  let backfillDone = false;
  const running = runBackfill({
    source,
    map,
    outbox: { store, destination: backfillOutbox },
    rate: 0,
    pollMs: 20,
    saveCheckpoint: async () => undefined,
  }).finally(() => (backfillDone = true));
  // Under way: the backfill's calls are flowing.
  while (server.messages.length < LIVE_CALLS + 500) await new Promise((resolve) => setTimeout(resolve, 5));
  const deliveredBefore = backfillCalls();
  const during = await measure("during");
  const deliveredMeanwhile = backfillCalls() - deliveredBefore;
  const overlapped = !backfillDone;
  await running;
  await Promise.all([live.close({ timeoutMs: 30_000 }), backfillOutbox.close({ timeoutMs: 30_000 })]);
  await server.close();
  if (!overlapped) throw new Error("the backfill ended before the live calls did: the measurement did not overlap it");
  const row = (what: string, latencies: number[]) => [
    what,
    `${percentile(latencies, 50)} ms`,
    `${percentile(latencies, 95)} ms`,
    `${percentile(latencies, 100)} ms`,
  ];
  return table(
    ["live calls", "median latency", "p95", "slowest"],
    [
      row(`${LIVE_CALLS}, no backfill`, alone),
      row(`${LIVE_CALLS}, during the backfill (${deliveredMeanwhile} of its calls delivered meanwhile)`, during),
    ],
  );
}
