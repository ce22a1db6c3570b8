import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSegmentServer } from "@trackmap/core/testing";
import { format, percentile, table } from "../measure";
import { ROOT } from "../fixtures";

type SegmentServer = Awaited<ReturnType<typeof startSegmentServer>>;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startEmbeddedPostgres } = require(join(ROOT, "examples/medusa-store/scripts/embeddedPostgres"));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runMedusa } = require(join(ROOT, "examples/medusa-store/scripts/runMedusa"));

interface Placed {
  orderId: string;
  start: number;
  published: number;
  /** completeCartWorkflow's duration (ms). */
  completionMs: number;
}

/**
 * Orders placed through Medusa's workflows in the example store (`medusa exec`), with the plugin
 * sending to a local Segment server through its outbox, straight through the Segment client,
 * and, for comparison, without the plugin: the time from the order.placed event to the
 * server's receipt of Order Completed, and the order placement time.
 */
export async function benchEndToEnd(orders = 30): Promise<{ markdown: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), "trackmap-bench-pg-"));
  const postgres = await startEmbeddedPostgres({ dataDir });
  const server = await startSegmentServer();
  try {
    const run = async (database: string, env: Record<string, string>) => {
      await postgres.createDatabase(database);
      const base = { DATABASE_URL: postgres.url(database), BENCH_ORDERS: String(orders), ...env };
      await runMedusa(["db:migrate"], base);
      const placed: Placed[] = [];
      await runMedusa(["exec", "./src/scripts/bench-orders.ts"], base, (line: string) => {
        if (line.startsWith("bench: ")) placed.push(JSON.parse(line.slice(7)));
      });
      return placed;
    };
    const segment = { SEGMENT_WRITE_KEY: "bench", SEGMENT_HOST: server.url, SEGMENT_FLUSH_AT: "1" };
    const withOutbox = await run("bench_outbox", segment);
    const outboxLatencies = latenciesTo(server, withOutbox);
    server.reset();
    const inThread = await run("bench_in_thread", { ...segment, TRACKMAP_ISOLATE: "false" });
    const inThreadLatencies = latenciesTo(server, inThread);
    server.reset();
    const direct = await run("bench_direct", { ...segment, TRACKMAP_OUTBOX: "false" });
    const directLatencies = latenciesTo(server, direct);
    const withoutPlugin = await run("bench_without", { TRACKMAP_OFF: "1" });

    const placement = (placed: Placed[]) => placed.map((p) => p.completionMs * 1000).sort((a, b) => a - b);
    const [outbox, straight, off] = [placement(withOutbox), placement(direct), placement(withoutPlugin)];
    const latencyRow = (name: string, latencies: number[]) => [
      name,
      String(latencies.length),
      format.us(percentile(latencies, 50)),
      format.us(percentile(latencies, 99)),
      format.us(percentile(latencies, 100)),
    ];

    return {
      markdown: [
        table(
          ["delivery", "orders", "event → Segment server p50", "p99", "max"],
          [
            latencyRow("through the outbox (PostgreSQL), mapping isolated (the defaults)", outboxLatencies),
            latencyRow("through the outbox, mapping on the main thread (`isolate_evaluation: false`)", inThreadLatencies),
            latencyRow("straight to the Segment client (`outbox: false`)", directLatencies),
          ],
        ),
        "",
        table(
          ["order placement (completeCartWorkflow)", "p50", "p99"],
          [
            ["with the plugin, outbox (isolated mapping)", format.us(percentile(outbox, 50)), format.us(percentile(outbox, 99))],
            ["with the plugin, no outbox", format.us(percentile(straight, 50)), format.us(percentile(straight, 99))],
            ["without the plugin", format.us(percentile(off, 50)), format.us(percentile(off, 99))],
            ["with the plugin (outbox) / without, medians", format.ratio(percentile(outbox, 50), percentile(off, 50)), ""],
          ],
        ),
      ].join("\n"),
    };
  } finally {
    await server.close();
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Microseconds from each order.placed to the server's receipt of its Order Completed, sorted. */
function latenciesTo(server: SegmentServer, placed: Placed[]): number[] {
  const receivedAt = new Map<string, number>();
  for (const batch of server.batches) {
    for (const message of batch.messages) {
      const orderId = (message.properties as { order_id?: string } | undefined)?.order_id;
      if (message.event === "Order Completed" && orderId) receivedAt.set(orderId, batch.receivedAt.getTime());
    }
  }
  const missing = placed.filter((p) => !receivedAt.has(p.orderId)).length;
  if (missing) throw new Error(`${missing} of ${placed.length} orders never reached the Segment server`);
  return placed.map((p) => (receivedAt.get(p.orderId)! - p.published) * 1000).sort((a, b) => a - b);
}
