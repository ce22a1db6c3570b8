import { join } from "node:path";
import type { IAnalyticsModuleService, MedusaContainer } from "@medusajs/framework/types";
import { Modules } from "@medusajs/framework/utils";
import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import { startSegmentServer } from "@trackmap/core/testing";
import { until } from "./setup/until";

/**
 * Medusa's Analytics Module with trackmap's provider (medusa-config.js lists it with the plugin's
 * options): its calls go through the plugin's outbox, so an outage loses none of them.
 * Timings are compressed: retries after 100 ms (doubling up to 1 s).
 */
const CALLS = 20;
const segment = await startSegmentServer();
const env = {
  SEGMENT_WRITE_KEY: "test-write-key",
  SEGMENT_HOST: segment.url,
  SEGMENT_FLUSH_AT: "5",
  SEGMENT_FLUSH_INTERVAL: "20",
  // The outbox does the retrying; the client gives up on a failed batch at once.
  SEGMENT_MAX_RETRIES: "0",
  TRACKMAP_OUTBOX: JSON.stringify({ poll_interval_ms: 100, base_backoff_ms: 100, max_backoff_ms: 1000 }),
};
Object.assign(process.env, env);

medusaIntegrationTestRunner({
  cwd: join(__dirname, ".."),
  env,
  testSuite: ({ getContainer }) => {
    afterAll(() => segment.close());

    it(`loses nothing while Segment answers 500: ${CALLS} calls made through Medusa's analytics service all arrive, each once`, async () => {
      segment.setFault({ status: 500 });
      const analytics = getContainer().resolve<IAnalyticsModuleService>(Modules.ANALYTICS);

      for (let i = 1; i <= CALLS / 2; i++) {
        await analytics.track({ event: "Report Exported", actor_id: `user_${i}`, properties: { rows: i } });
        await analytics.identify({ actor_id: `user_${i}`, properties: { plan: "gold" } });
      }
      await until(
        async () => (await outboxRows(getContainer())).retrying === CALLS,
        async () => `every call stored and waiting for a retry (${JSON.stringify(await outboxRows(getContainer()))})`,
        60_000,
      );
      expect(segment.messages).toHaveLength(0);

      segment.clearFault();
      const messages = await segment.waitForMessages(CALLS, 60_000);
      await until(async () => (await outboxRows(getContainer())).delivered === CALLS, "every call marked delivered");

      const ids = messages.map((m) => m.messageId);
      expect(new Set(ids).size).toBe(CALLS);
      expect(messages).toHaveLength(CALLS);
      const users = Array.from({ length: CALLS / 2 }, (_, i) => `user_${i + 1}`).sort();
      expect(
        messages
          .filter((m) => m.event === "Report Exported")
          .map((m) => m.userId)
          .sort(),
      ).toEqual(users);
      expect(
        messages
          .filter((m) => m.type === "identify")
          .map((m) => m.userId)
          .sort(),
      ).toEqual(users);
      expect(await outboxRows(getContainer())).toEqual({ retrying: 0, delivered: CALLS, other: 0 });
    });
  },
});

/** The provider's rows in trackmap_outbox, the plugin's table, by status. */
async function outboxRows(container: MedusaContainer): Promise<{ retrying: number; delivered: number; other: number }> {
  const knex = container.resolve("__pg_connection__");
  const rows: Array<{ status: string; count: string }> = await knex("trackmap_outbox").select("status").count({ count: "*" }).groupBy("status");
  const count = (status: string) => Number(rows.find((row) => row.status === status)?.count ?? 0);
  const total = rows.reduce((sum, row) => sum + Number(row.count), 0);
  return { retrying: count("retrying"), delivered: count("delivered"), other: total - count("retrying") - count("delivered") };
}
