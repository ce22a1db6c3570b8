import { createSegmentDestination, type SegmentCall } from "@trackmap/core";
import { startSegmentServer } from "@trackmap/core/testing";
import { table } from "../measure";

/** 10,000 calls through the core's Segment delivery (the real analytics-node) into a local server. */
export async function benchDelivery(count = 10_000): Promise<{ markdown: string }> {
  const server = await startSegmentServer();
  let failures = 0;
  const destination = createSegmentDestination({
    writeKey: "bench",
    host: server.url,
    flushAt: 100,
    flushInterval: 50,
    maxRetries: 3,
    onFailure: () => void failures++,
  });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const start = process.hrtime.bigint();
  const outcomes = await Promise.all(
    Array.from({ length: count }, (_, i) => {
      const call: SegmentCall = {
        type: "track",
        event: "Order Completed",
        userId: `cus_${i % 500}`,
        messageId: `bench-${i}`,
        properties: { order_id: `order_${i}`, total: 59.99, currency: "EUR", products: [{ sku: "SHIRT-M", price: 25, quantity: 2 }] },
      };
      return destination.send(call);
    }),
  );
  await destination.close({ timeoutMs: 30_000 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  clearInterval(sampler);
  const received = new Set(server.messages.map((m) => m.messageId));
  const delivered = outcomes.filter((o) => o.status === "delivered").length;
  await server.close();
  if (received.size !== count) throw new Error(`delivery lost calls: ${received.size} of ${count} arrived`);
  return {
    markdown: table(
      ["calls", "calls per second", "batches", "delivered (client)", "received once (server)", "failures", "peak RSS"],
      [
        [
          String(count),
          (count / seconds).toFixed(0),
          String(server.batches.length),
          String(delivered),
          String(received.size),
          String(failures),
          `${(peakRss / 1024 / 1024).toFixed(0)} MB`,
        ],
      ],
    ),
  };
}
