import { join } from "node:path";
import type { MedusaContainer } from "@medusajs/framework/types";
import { createProductsWorkflow } from "@medusajs/medusa/core-flows";
import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import { createPostgresOutboxStore } from "@trackmap/core";
import { knexSqlClient, type SegmentService } from "@trackmap/medusa/modules/segment";
import { startSegmentServer, type SegmentMessage, type SegmentServer } from "@trackmap/core/testing";
import { importCustomers } from "../src/store-flows";
import { placeSimpleOrder } from "./setup/placeSimpleOrder";
import { until } from "./setup/until";

/**
 * The durable outbox in a real store: calls are stored in PostgreSQL before they are sent, and
 * nothing is lost while Segment fails, refuses connections, refuses a call, or answers slowly.
 * Timings are compressed: retries after 100 ms (doubling up to 1 s) instead of 1 s (up to 5 min).
 */
const IMPORTED = 1000;
const BATCH = 50;
const CONCURRENCY = 4;
let segment: SegmentServer = await startSegmentServer();
const port = segment.port;
const env = {
  SEGMENT_WRITE_KEY: "test-write-key",
  SEGMENT_HOST: segment.url,
  SEGMENT_FLUSH_AT: "50",
  SEGMENT_FLUSH_INTERVAL: "20",
  // The outbox does the retrying; the client gives up on a failed batch at once.
  SEGMENT_MAX_RETRIES: "0",
  TRACKMAP_OUTBOX: JSON.stringify({ poll_interval_ms: 100, base_backoff_ms: 100, max_backoff_ms: 1000, batch_size: BATCH, concurrency: CONCURRENCY }),
  TRACKMAP_MAPPINGS: join(__dirname, "outbox-mappings"),
};
Object.assign(process.env, env);

medusaIntegrationTestRunner({
  cwd: join(__dirname, ".."),
  env,
  testSuite: ({ getContainer }) => {
    const service = () => getContainer().resolve<SegmentService>("segmentService");
    const counts = async () => (await service().outboxCounts())!;

    afterEach(async () => {
      segment.reset();
    });
    afterAll(async () => {
      await segment.close();
    });

    it(`loses nothing while Segment answers 500: ${IMPORTED} customers imported meanwhile all arrive, each call once`, async () => {
      segment.setFault({ status: 500 });

      const customerIds = await importCustomers(getContainer(), IMPORTED);
      // Every customer.created gives an identify (default mapping) and a "Customer Created" track (the store's subscriber).
      await until(
        async () => (await counts()).retrying === 2 * IMPORTED,
        async () => `every call stored and waiting for a retry (${JSON.stringify(await counts())})`,
        60_000,
      );
      expect(segment.messages).toHaveLength(0);

      segment.clearFault();
      const messages = await segment.waitForMessages(2 * IMPORTED, 60_000);

      expectEachOnce(messages);
      expect(identified(messages)).toEqual(new Set(customerIds));
      await until(async () => (await counts()).delivered === 2 * IMPORTED, "every call marked delivered");
      expect(await counts()).toEqual({ pending: 0, retrying: 0, dead: 0, delivered: 2 * IMPORTED });
    });

    it(`loses nothing while Segment refuses connections: ${IMPORTED} customers imported meanwhile all arrive, each call once`, async () => {
      await segment.close();

      const customerIds = await importCustomers(getContainer(), IMPORTED);
      await until(async () => (await counts()).retrying === 2 * IMPORTED, "every call stored and waiting for a retry", 60_000);
      const [waiting] = await service().listDeadCalls(1);
      expect(waiting).toBeUndefined();

      segment = await startSegmentServer({ port });
      const messages = await segment.waitForMessages(2 * IMPORTED, 60_000);

      expectEachOnce(messages);
      expect(identified(messages)).toEqual(new Set(customerIds));
    });

    it("keeps a call Segment refuses (400) and one over 32 KB as dead, with the reason; the others are unaffected", async () => {
      segment.setFault({ status: 400 });
      const [refused] = await importCustomers(getContainer(), 1);
      await until(async () => (await counts()).dead === 2, "the refused customer's two calls marked dead");
      segment.clearFault();

      const [huge] = await createProducts(getContainer(), "x".repeat(40_000));
      await until(async () => (await counts()).dead === 3, "the oversized call kept as dead");
      const [fine] = await importCustomers(getContainer(), 1);
      await segment.waitForMessages(2);

      const dead = await service().listDeadCalls(10);
      expect(dead.map((record) => record.lastError)).toEqual(
        expect.arrayContaining([
          "Segment delivery failed: [400] Bad Request",
          expect.stringMatching(/^product\.created: .*product-created\.yaml:\d+:\d+: TM_INVALID_CALL invalid call, not sent: the call is \d+ bytes/),
        ]),
      );
      expect(
        dead.find((record) => record.call && "type" in record.call && record.call.type === "track" && record.call.event === "Product Created")?.call,
      ).toMatchObject({
        properties: { product_id: huge },
      });
      expect(identified(segment.messages)).toEqual(new Set([fine]));

      // Dead calls are not retried by themselves...
      const requests = segment.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(segment.requests).toHaveLength(requests);
      // ...and go again on request.
      const refusedIds = dead.filter((record) => record.lastError?.includes("[400]")).map((record) => record.messageId);
      expect(await service().resendDeadCalls(refusedIds)).toBe(2);
      await segment.waitForMessages(4);
      expect(identified(segment.messages)).toEqual(new Set([fine, refused]));
      await until(async () => (await counts()).delivered === 4, "the re-sent calls marked delivered");
      expect(await counts()).toEqual({ pending: 0, retrying: 0, dead: 1, delivered: 4 });
    });

    it("does not hold up the order flow while Segment is slow, and keeps only a few batches in memory", async () => {
      segment.setFault({ delayMs: 2000 });

      // The order completes, and its call is stored and being sent, while Segment has not answered yet.
      const orderId = await placeSimpleOrder(getContainer());
      await until(async () => (await claimedNow(getContainer())) > 0, "the order's call being sent");
      expect(segment.messages).toHaveLength(0);

      // A burst of events: at most `concurrency` batches of rounds, plus one batch of calls sent the moment
      // they were stored, are claimed (in this process's memory); the rest waits in the database.
      const customerIds = await importCustomers(getContainer(), 150);
      let mostClaimed = 0;
      let mostWaiting = 0;
      while (segment.messages.length < 2 * BATCH) {
        mostClaimed = Math.max(mostClaimed, await claimedNow(getContainer()));
        mostWaiting = Math.max(mostWaiting, (await counts()).pending);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(mostClaimed).toBeLessThanOrEqual(BATCH * (CONCURRENCY + 1));
      expect(mostWaiting).toBeGreaterThan(BATCH);

      segment.clearFault();
      const total = 1 + 2 * customerIds.length;
      await until(async () => (await counts()).delivered === total, "everything delivered", 60_000);
      expectEachOnce(segment.messages);
      expect(segment.messages).toHaveLength(total);
      expect(identified(segment.messages)).toEqual(new Set(customerIds));
      expect(segment.messages.find((m) => m.event === "Order Completed")?.properties).toMatchObject({ order_id: orderId });
    });

    it("never hands the same call to two claims at once, and takes back the claims of a process that died", async () => {
      const store = createPostgresOutboxStore(knexSqlClient(getContainer().resolve("__pg_connection__")));
      // In the future, so that the app's own outbox (polling in real time) leaves them alone.
      const later = new Date(Date.now() + 24 * 3_600_000);
      await store.enqueue(
        Array.from({ length: 500 }, (_, i) => ({ type: "track", event: "Claimed", userId: `u${i}`, messageId: `claim-${i}` }) as const),
        later,
      );

      const claims = await Promise.all(Array.from({ length: 8 }, () => store.claim(100, later, 60_000)));

      const claimed = claims.flat().map((record) => record.messageId);
      expect(claimed).toHaveLength(500);
      expect(new Set(claimed).size).toBe(500);
      // Leased: nobody takes them again until the lease ends, as when their process died mid-send...
      expect(await store.claim(100, later, 60_000)).toEqual([]);
      // ...and then anyone may.
      const afterLease = new Date(later.getTime() + 60_001);
      expect(await store.claim(1000, afterLease, 60_000)).toHaveLength(500);
    });
  },
});

/** Each messageId accepted by Segment exactly once. */
function expectEachOnce(messages: readonly SegmentMessage[]): void {
  const ids = messages.map((m) => m.messageId);
  expect(ids.every((id) => typeof id === "string")).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
}

/** The customers Segment received an identify call for. */
function identified(messages: readonly SegmentMessage[]): Set<string> {
  return new Set(messages.filter((m) => m.type === "identify").map((m) => m.userId as string));
}

async function createProducts(container: MedusaContainer, description: string): Promise<string[]> {
  const { result } = await createProductsWorkflow(container).run({
    input: { products: [{ title: "The complete works", description, options: [{ title: "Format", values: ["Book"] }] }] },
  });
  return result.map((product) => product.id);
}

/** Outbox rows leased by a process right now: calls being sent. */
async function claimedNow(container: MedusaContainer): Promise<number> {
  const knex = container.resolve("__pg_connection__");
  const [row] = await knex("trackmap_outbox").where("locked_until", ">", new Date()).count({ count: "*" });
  if (!row) throw new Error("COUNT(*) gave no row");
  return Number(row.count);
}
