import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import type { SegmentService } from "@trackmap/medusa/modules/segment";
import { freePort } from "../scripts/embeddedPostgres";
import { importCustomers } from "../src/store-flows";
import { startMedusaProcess, type MedusaProcess } from "./setup/medusaProcess";
import { placeSimpleOrder } from "./setup/placeSimpleOrder";
import { startRedisOrSkip } from "./setup/redis";
import { startStoreSegment } from "./setup/storeSegment";
import { until } from "./setup/until";

/**
 * A store that outgrows one process: a server (worker mode "server": it emits events but does
 * not handle them) and a worker process (mode "worker") on one database and one Redis. The
 * worker's subscribers, the plugin's among them, handle each event once; both processes
 * deliver what waits in the shared outbox, never the same call at the same time.
 */
const redis = await startRedisOrSkip();
if (redis) {
  const { segment, env } = await startStoreSegment({
    REDIS_URL: redis.url,
    MEDUSA_WORKER_MODE: "server",
    SEGMENT_FLUSH_AT: "50",
    SEGMENT_FLUSH_INTERVAL: "20",
    SEGMENT_MAX_RETRIES: "0",
    TRACKMAP_OUTBOX: JSON.stringify({ poll_interval_ms: 100, base_backoff_ms: 100, max_backoff_ms: 500, batch_size: 20 }),
  });

  medusaIntegrationTestRunner({
    cwd: `${__dirname}/..`,
    env,
    testSuite: ({ getContainer, dbConfig }) => {
      let worker: MedusaProcess;

      beforeAll(async () => {
        // `medusa start`, as a deployment runs a worker.
        worker = startMedusaProcess(["start"], { DATABASE_URL: dbConfig.clientUrl, MEDUSA_WORKER_MODE: "worker", PORT: String(await freePort()) });
        await worker.waitFor(/\[trackmap\] \d+ event\(s\) mapped to Segment/);
      });
      afterEach(() => segment.reset());
      afterAll(async () => {
        worker?.child.kill("SIGTERM");
        await worker?.exited;
        await segment.close();
        redis.stop();
      });

      it("sends each event once, from the worker process", async () => {
        const orderId = await placeSimpleOrder(getContainer(), "fr");

        const [message] = await segment.waitForMessages(1, 60_000).catch((error) => {
          throw new Error(`${error.message}\nworker output:\n${worker.output().slice(-6000)}`);
        });
        expect(message).toMatchObject({ event: "Order Completed", properties: { order_id: orderId } });
        // Nothing more arrives: the server process did not handle the event too.
        await new Promise((resolve) => setTimeout(resolve, 2000));
        expect(segment.messages.filter((m) => m.event === "Order Completed")).toHaveLength(1);
      });

      it("after an outage, both processes deliver the shared outbox, each call once", async () => {
        segment.setFault({ status: 500 });
        const customerIds = await importCustomers(getContainer(), 300, "workers");
        const counts = async () => (await getContainer().resolve<SegmentService>("segmentService").outboxCounts())!;
        // An identify and a "Customer Created" track per customer, stored by the worker, retried by both processes.
        await until(
          async () => (await counts()).retrying === 600,
          async () =>
            `600 calls waiting for a retry (${JSON.stringify(await counts())})\nthe worker's first lines:\n${trackmapLines(worker.output()).slice(0, 12).join("\n")}`,
          60_000,
        );

        segment.clearFault();
        const messages = await segment.waitForMessages(600, 60_000);

        const ids = messages.map((m) => m.messageId);
        expect(new Set(ids).size).toBe(600);
        expect(ids).toHaveLength(600);
        expect(new Set(messages.filter((m) => m.type === "identify").map((m) => m.userId))).toEqual(new Set(customerIds));
        await until(async () => (await counts()).delivered === 600, "every call marked delivered");
        // The worker took part in the retries (the server process polls the same outbox).
        expect(worker.output()).toMatch(/\[trackmap\] \d+ call\(s\) not accepted by Segment/);
      });
    },
  });
}

/** trackmap's lines in a process's output. */
function trackmapLines(output: string): string[] {
  return output.split("\n").filter((line) => line.includes("[trackmap]"));
}
