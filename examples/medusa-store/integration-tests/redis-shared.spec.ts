import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import { startSegmentServer } from "@trackmap/core/testing";
import { placeSimpleOrder } from "./setup/placeSimpleOrder";
import { startRedis } from "./setup/redis";

// Medusa's Redis event bus in "shared" worker mode: one process that serves and works.
const redis = await startRedis();
const segment = await startSegmentServer();
const env = {
  SEGMENT_WRITE_KEY: "test-write-key",
  SEGMENT_HOST: segment.url,
  SEGMENT_FLUSH_AT: "1",
  REDIS_URL: redis.url,
  MEDUSA_WORKER_MODE: "shared",
};
Object.assign(process.env, env);

medusaIntegrationTestRunner({
  cwd: `${__dirname}/..`,
  env,
  testSuite: ({ getContainer }) => {
    afterAll(async () => {
      await segment.close();
      redis.stop();
    });

    it("tracks events that come through the Redis event bus", async () => {
      const orderId = await placeSimpleOrder(getContainer());

      const [message] = await segment.waitForMessages(1, 30_000);
      expect(message).toMatchObject({ type: "track", event: "Order Completed", properties: { order_id: orderId } });
    });
  },
});
