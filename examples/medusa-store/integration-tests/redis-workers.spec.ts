import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import { placeSimpleOrder } from "./setup/placeSimpleOrder";
import { startRedis } from "./setup/redis";
import { startStoreSegment } from "./setup/storeSegment";

/**
 * A store that outgrows one process: a server (worker mode "server": it emits events but does
 * not handle them) and a worker process (mode "worker") on one database and one Redis. The
 * worker's subscribers, the plugin's among them, handle each event once.
 */
const store = join(__dirname, "..");
const redis = await startRedis();
const { segment, env } = await startStoreSegment({
  REDIS_URL: redis.url,
  MEDUSA_WORKER_MODE: "server",
});

medusaIntegrationTestRunner({
  cwd: store,
  env,
  testSuite: ({ getContainer, dbConfig }) => {
    let worker: ChildProcess | undefined;
    let workerOutput = "";

    afterAll(async () => {
      worker?.kill("SIGTERM");
      await segment.close();
      redis.stop();
    });

    it("sends each event once, from the worker process", async () => {
      // `medusa start` as a deployment runs it (`medusa exec` loads no subscribers).
      worker = spawn(join(store, "node_modules/.bin/medusa"), ["start"], {
        cwd: store,
        env: { ...process.env, NODE_OPTIONS: "", DATABASE_URL: dbConfig.clientUrl, MEDUSA_WORKER_MODE: "worker", PORT: "0", LOG_LEVEL: "info" },
      });
      worker.stdout?.on("data", (chunk) => (workerOutput += chunk));
      worker.stderr?.on("data", (chunk) => (workerOutput += chunk));

      const orderId = await placeSimpleOrder(getContainer(), "fr");

      const [message] = await segment.waitForMessages(1, 60_000).catch((error) => {
        throw new Error(`${error.message}\nworker output:\n${workerOutput.slice(-6000)}`);
      });
      expect(message).toMatchObject({ event: "Order Completed", properties: { order_id: orderId } });
      // Nothing more arrives: the server process did not handle the event too.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(segment.messages.filter((m) => m.event === "Order Completed")).toHaveLength(1);
    });
  },
});
