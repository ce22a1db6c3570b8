import type { MedusaContainer } from "@medusajs/framework/types";
import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import { startSegmentServer } from "@trackmap/core/testing";
import { startMedusaProcess, type MedusaProcess } from "./setup/medusaProcess";
import { storeProcessEnv } from "./setup/storeProcessEnv";

/**
 * A store that installed the plugin but did not run its migration: the missing table is said in
 * one line as the app boots, naming the command that makes it, and calls are sent meanwhile,
 * directly. `npx medusa db:migrate` then makes the table, without the warning.
 */
const MISSING =
  '[trackmap] the outbox table is missing (relation "trackmap_outbox" does not exist): run `npx medusa db:migrate`. ' +
  "Until then calls are sent directly, without the outbox's guarantees.";
const segment = await startSegmentServer();

medusaIntegrationTestRunner({
  cwd: `${__dirname}/..`,
  // The app of the test runner runs dry (no write key, so no outbox): only the processes below deliver.
  env: {},
  testSuite: ({ getContainer, dbConfig }) => {
    const processes: MedusaProcess[] = [];
    const childEnv = storeProcessEnv({ databaseUrl: dbConfig.clientUrl, segmentUrl: segment.url, flushIntervalMs: 100 });

    afterAll(async () => {
      for (const process of processes) process.child.kill("SIGKILL");
      await segment.close();
    });

    it("says at boot, once, that the migration is missing, sends the calls directly, and db:migrate makes the table", async () => {
      await forgetPluginMigration(getContainer());

      const script = startMedusaProcess(["exec", "./integration-tests/setup/placeOrderAndExit.ts", "1"], childEnv);
      processes.push(script);
      const [, placed] = await script.waitFor(/PLACED (\{.*\})/, 180_000);
      expect(await script.exited).toBe(0);
      const { customerIds, orderId }: { customerIds: string[]; orderId: string } = JSON.parse(placed!);

      const output = script.output();
      // Said once, as the app booted: before the first call or poll found the table missing. No query, no call data.
      const failures = logged(output, 'relation "trackmap_outbox" does not exist');
      expect(failures[0]).toBe(MISSING);
      expect(failures.filter((line) => line.includes("the outbox table is missing"))).toHaveLength(1);
      expect(output).not.toContain("@example.com");
      const messages = await segment.waitForMessages(3, 10_000);
      expect(messages.filter((m) => m.type === "identify").map((m) => m.userId)).toEqual(customerIds);
      expect(messages.filter((m) => m.event === "Customer Created").map((m) => m.userId)).toEqual(customerIds);
      expect(messages.filter((m) => m.event === "Order Completed").map((m) => (m.properties as { order_id: string }).order_id)).toEqual([orderId]);

      const migrate = startMedusaProcess(["db:migrate", "--skip-links", "--skip-scripts"], childEnv);
      processes.push(migrate);
      expect(await migrate.exited).toBe(0);
      expect(migrate.output()).not.toContain("the outbox table is missing");
      expect(await getContainer().resolve("__pg_connection__").schema.hasTable("trackmap_outbox")).toBe(true);
    });
  },
});

/** The messages of the log lines (Medusa logs JSON lines when not on a terminal) that contain `text`. */
function logged(output: string, text: string): string[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => String((JSON.parse(line) as { message?: unknown }).message))
    .filter((message) => message.includes(text));
}

/** The database as a store's is before `npx medusa db:migrate` ran for the plugin: no table, no record of its migration. */
async function forgetPluginMigration(container: MedusaContainer): Promise<void> {
  const knex = container.resolve("__pg_connection__");
  await knex.schema.dropTable("trackmap_outbox");
  await knex("mikro_orm_migrations").where("name", "like", "Migration20261126150535%").delete();
}
