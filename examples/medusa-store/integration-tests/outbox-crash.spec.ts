import type { MedusaContainer } from "@medusajs/framework/types";
import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import { startSegmentServer } from "@trackmap/core/testing";
import { freePort } from "../scripts/embeddedPostgres";
import { startMedusaProcess, type MedusaProcess } from "./setup/medusaProcess";
import { storeProcessEnv } from "./setup/storeProcessEnv";
import { until } from "./setup/until";

/**
 * A process killed with calls in its outbox (SIGKILL: no shutdown hook runs) or stopped while
 * Segment is down (SIGTERM) loses nothing: the next process to start on the same database
 * delivers them. The store's operators then inspect the outbox with the plugin's `medusa exec`
 * script.
 */
const CUSTOMERS = 200;
const CALLS = 2 * CUSTOMERS;
const segment = await startSegmentServer({ failWith: { status: 503 } });
const OUTBOX_SCRIPT = "./node_modules/@trackmap/medusa/.medusa/server/src/scripts/outbox.js";

medusaIntegrationTestRunner({
  cwd: `${__dirname}/..`,
  // The app of the test runner runs dry (no write key, so no outbox): only the processes below deliver.
  env: {},
  testSuite: ({ getContainer, dbConfig }) => {
    const processes: MedusaProcess[] = [];
    const childEnv = storeProcessEnv({
      databaseUrl: dbConfig.clientUrl,
      segmentUrl: segment.url,
      flushAt: 50,
      flushIntervalMs: 20,
      maxRetries: 0,
      // Claims of a killed process come back after 2 s instead of 2 minutes.
      outbox: { poll_interval_ms: 100, base_backoff_ms: 100, max_backoff_ms: 500, lease_ms: 2000 },
    });

    afterAll(async () => {
      for (const process of processes) process.child.kill("SIGKILL");
      await segment.close();
    });

    it("delivers, from a restarted process, every call a killed or stopped one left in the outbox", async () => {
      const first = startMedusaProcess(["exec", "./integration-tests/setup/trackNewCustomers.ts", String(CUSTOMERS)], childEnv);
      processes.push(first);
      const [, tracked] = await first.waitFor(/TRACKED (\[.*\])/, 120_000);
      const customerIds: string[] = JSON.parse(tracked!);
      expect(customerIds).toHaveLength(CUSTOMERS);
      // Each customer gives an identify (the plugin's default mapping) and a "Customer Created" track (the store's subscriber).
      await until(async () => (await outboxRows(getContainer())).undelivered === CALLS, "every call stored", 30_000);
      // It is trying to send them (Segment answers 503).
      await segment.waitForRequests(2, 30_000);

      first.child.kill("SIGKILL");
      expect(await first.exited).toBe("SIGKILL");
      expect(segment.messages).toHaveLength(0);

      // A process stopped gracefully (SIGTERM, as a deploy does) while Segment still fails keeps them too.
      const stopped = startMedusaProcess(["start"], { ...childEnv, PORT: String(await freePort()) });
      processes.push(stopped);
      await stopped.waitFor(/Server is ready on port/);
      await stopped.waitFor(/\[trackmap\] \d+ call\(s\) not accepted by Segment/);
      stopped.child.kill("SIGTERM");
      await stopped.exited;
      expect(stopped.output()).toMatch(new RegExp(`\\[trackmap\\] stopped; ${CALLS} call\\(s\\) stay in the outbox, to be sent by the next process`));
      expect(await outboxRows(getContainer())).toEqual({ undelivered: CALLS, delivered: 0 });

      segment.clearFault();
      const second = startMedusaProcess(["start"], { ...childEnv, PORT: String(await freePort()) });
      processes.push(second);
      const messages = await segment.waitForMessages(CALLS, 60_000).catch((error) => {
        throw new Error(`${error.message}\nrestarted process output:\n${second.output().slice(-6000)}`);
      });

      const ids = messages.map((m) => m.messageId);
      expect(new Set(ids).size).toBe(CALLS);
      expect(ids).toHaveLength(CALLS);
      expect(new Set(messages.filter((m) => m.type === "identify").map((m) => m.userId))).toEqual(new Set(customerIds));
      await until(async () => (await outboxRows(getContainer())).delivered === CALLS, "every call marked delivered");
      second.child.kill("SIGTERM");
      await second.exited;

      // The operators' view, with the plugin's script.
      const counts = startMedusaProcess(["exec", OUTBOX_SCRIPT, "counts", "--json"], { ...childEnv, LOG_LEVEL: "error" });
      processes.push(counts);
      const [json] = await counts.waitFor(/\{"pending".*\}/, 60_000);
      expect(JSON.parse(json)).toEqual({ pending: 0, retrying: 0, dead: 0, delivered: CALLS });
      expect(counts.output()).not.toContain("test-write-key");
    });
  },
});

async function outboxRows(container: MedusaContainer): Promise<{ undelivered: number; delivered: number }> {
  const knex = container.resolve("__pg_connection__");
  const rows: Array<{ status: string; count: string }> = await knex("trackmap_outbox").select("status").count({ count: "*" }).groupBy("status");
  const count = (status: string) => Number(rows.find((row) => row.status === status)?.count ?? 0);
  return { undelivered: count("pending") + count("retrying"), delivered: count("delivered") };
}
