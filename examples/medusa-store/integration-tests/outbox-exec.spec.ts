import type { MedusaContainer } from "@medusajs/framework/types";
import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import { startSegmentServer } from "@trackmap/core/testing";
import { freePort } from "../scripts/embeddedPostgres";
import { startMedusaProcess, type MedusaProcess } from "./setup/medusaProcess";

/**
 * A short-lived process (`medusa exec`: an import, a seed) ends with process.exit() right after
 * its script, with no shutdown hook. Its calls must not stay leased for two minutes: what it
 * could not send is given back as it exits, and the store's running server sends it at once.
 * The outbox keeps its default timings (a 2-minute lease, a 1-second poll).
 */
const CUSTOMERS = 5;
const segment = await startSegmentServer();
// What the short-lived process reaches: a Segment that never answers in time.
const stalled = await startSegmentServer({ failWith: { status: 503, delayMs: 600_000 } });

medusaIntegrationTestRunner({
  cwd: `${__dirname}/..`,
  // The app of the test runner runs dry (no write key, so no outbox): only the processes below deliver.
  env: {},
  testSuite: ({ getContainer, dbConfig }) => {
    const processes: MedusaProcess[] = [];
    const childEnv = { DATABASE_URL: dbConfig.clientUrl, SEGMENT_WRITE_KEY: "test-write-key", SEGMENT_FLUSH_INTERVAL: "100" };

    afterAll(async () => {
      for (const process of processes) process.child.kill("SIGKILL");
      await Promise.all([segment.close(), stalled.close()]);
    });

    it("has the running server deliver, within 10 s, every call a medusa exec script left as it exited", async () => {
      const server = startMedusaProcess(["start"], { ...childEnv, SEGMENT_HOST: segment.url, PORT: String(await freePort()) });
      processes.push(server);
      await server.waitFor(/Server is ready on port/, 120_000);

      const script = startMedusaProcess(["exec", "./integration-tests/setup/placeOrderAndExit.ts", String(CUSTOMERS)], {
        ...childEnv,
        SEGMENT_HOST: stalled.url,
      });
      processes.push(script);
      const [, placed] = await script.waitFor(/PLACED (\{.*\})/, 180_000);
      expect(await script.exited).toBe(0);
      const exitedAt = Date.now();
      const { customerIds, orderId }: { customerIds: string[]; orderId: string } = JSON.parse(placed!);

      // Each customer gives an identify (the default mapping) and a "Customer Created" track (the store's
      // subscriber, which loads the customer first: it sends late), the order an "Order Completed".
      const messages = await segment.waitForMessages(2 * CUSTOMERS + 1, 10_000).catch(async (error) => {
        const stored = (await outboxIds(getContainer())).length;
        throw new Error(
          `${error.message} (${stored} call(s) stored)\nthe server's output:\n${server.output().slice(-4000)}\nthe script's output:\n${script.output().slice(-4000)}`,
        );
      });
      const deliveredWithin = Date.now() - exitedAt;

      expect(messages.map((m) => m.messageId).sort()).toEqual(await outboxIds(getContainer()));
      expect(
        messages
          .filter((m) => m.type === "identify")
          .map((m) => m.userId)
          .sort(),
      ).toEqual([...customerIds].sort());
      expect(
        messages
          .filter((m) => m.event === "Customer Created")
          .map((m) => m.userId)
          .sort(),
      ).toEqual([...customerIds].sort());
      expect(messages.filter((m) => m.event === "Order Completed").map((m) => (m.properties as { order_id: string }).order_id)).toEqual([orderId]);
      expect(deliveredWithin).toBeLessThan(10_000);
      // The script gave its calls back; it did not give up waiting.
      expect(script.output()).not.toContain("stopped waiting for delivery");
      console.log(`delivered by the server ${deliveredWithin} ms after the script exited`);
    });
  },
});

/** The messageIds of every call in the outbox, sorted. */
async function outboxIds(container: MedusaContainer): Promise<string[]> {
  const knex = container.resolve("__pg_connection__");
  const rows: Array<{ id: string }> = await knex("trackmap_outbox").select("id").orderBy("id");
  return rows.map((row) => row.id).sort();
}
