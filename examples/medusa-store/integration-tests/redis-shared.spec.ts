import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import { placeSimpleOrder } from "./setup/placeSimpleOrder";
import { startRedisOrSkip } from "./setup/redis";
import { startStoreSegment } from "./setup/storeSegment";

// Medusa's Redis event bus in "shared" worker mode: one process that serves and works.
const redis = await startRedisOrSkip();
if (redis) {
  const { segment, env } = await startStoreSegment({
    REDIS_URL: redis.url,
    MEDUSA_WORKER_MODE: "shared",
  });

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
}
