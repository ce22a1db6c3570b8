import { createMemoryOutboxStore, createOutboxDestination, createSegmentDestination, loadMappings, type RecordRequest } from "@trackmap/core";
import { type BackfillRecord, createBackfillMapper, createMemoryBackfillSource, runBackfill } from "@trackmap/core/host";
import { startSegmentServer } from "@trackmap/core/testing";
import { MAPPINGS, orderWithLines, projectFields } from "../fixtures";
import { table } from "../measure";

/**
 * A backfill of `count` orders with the rate limit off: the real order (3 lines) under new ids, spread over a year,
 * mapped by the default order.placed mapping on the main thread, stored in the memory outbox and delivered by the
 * real Segment client to a local server; every call must arrive once.
 */
export async function benchBackfill(count = 10_000): Promise<{ markdown: string }> {
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
    source: createMemoryBackfillSource(history),
    map: createBackfillMapper({ mappings, loader }),
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
  return {
    markdown: table(
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
    ),
  };
}
