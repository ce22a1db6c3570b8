import { startSegmentServer, type SegmentServer } from "@trackmap/core/testing";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, migrateAndSeed, startMedusaV1, type MedusaV1Process } from "./support/medusaV1Process";
import { receivedMessage, track } from "./support/segmentMessages";
import { placeOrder, storeClient } from "./support/storeFlows";
import { until } from "./support/until";

/**
 * The outbox across a Medusa 1.20 store's life, with `medusa start` as a process manager runs it:
 * a graceful stop with calls still queued in the Segment client, the restart after it, and a start
 * before the plugin's migration made the table.
 */

/** Longer than placing the orders takes, so that the first process does not take its own calls again. */
const LEASE_MS = 60_000;
const POLL_INTERVAL_MS = 200;
/** Two or three Medusa boots per test, on a loaded machine. */
const TEST_TIMEOUT_MS = 600_000;

let segment: SegmentServer;
let databaseUrl: string;
let db: Client;
const running: MedusaV1Process[] = [];

beforeAll(async () => {
  segment = await startSegmentServer({ acceptWriteKeys: ["test-write-key"] });
  databaseUrl = await createDatabase("trackmap_medusa_v1_outbox");
  await migrateAndSeed(databaseUrl);
  db = new Client({ connectionString: databaseUrl });
  await db.connect();
});

afterAll(async () => {
  for (const medusa of running) await medusa.stop();
  await db?.end();
  await segment?.close();
});

/** `medusa start` with the plugin sending to the local Segment server; `env` adds to or overrides the defaults. */
async function start(env: Record<string, string> = {}): Promise<MedusaV1Process> {
  const medusa = await startMedusaV1(databaseUrl, {
    SEGMENT_WRITE_KEY: "test-write-key",
    SEGMENT_HOST: segment.url,
    SEGMENT_FLUSH_AT: "1",
    TRACKMAP_OUTBOX: JSON.stringify({ poll_interval_ms: POLL_INTERVAL_MS, lease_ms: LEASE_MS }),
    ...env,
  });
  running.push(medusa);
  return medusa;
}

async function stop(medusa: MedusaV1Process): Promise<number | null> {
  running.splice(running.indexOf(medusa), 1);
  return medusa.stop();
}

/** The outbox rows by status, how many are leased (claimed by a process), and when the last lease ends. */
async function outboxRows(): Promise<{ byStatus: Record<string, number>; leased: number; leasedUntil: number }> {
  const { rows } = await db.query<{ status: string; locked_until: Date | null }>("SELECT status, locked_until FROM trackmap_outbox");
  const byStatus: Record<string, number> = {};
  for (const row of rows) byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
  const leases = rows.map((row) => row.locked_until?.getTime() ?? 0).filter((until) => until > Date.now());
  return { byStatus, leased: leases.length, leasedUntil: Math.max(0, ...leases) };
}

describe("a graceful stop (SIGTERM) with calls queued in the Segment client", () => {
  it(
    "records them delivered before Medusa closes the database connection, so the next process does not send them again",
    async () => {
      // The client would hold the calls for ten minutes: only the stop sends them.
      const first = await start({ SEGMENT_FLUSH_AT: "100", SEGMENT_FLUSH_INTERVAL: "600000" });
      const order = await placeOrder(storeClient(first.url), {
        region: "Germany",
        items: [{ sku: "SHIRT-BLACK-L" }],
        address: { country_code: "de", city: "Bremen" },
        email: "bremen@example.com",
      });
      // Customer Created (the store's own subscriber), identify and Order Completed: claimed, waiting in the client.
      await until(async () => (await outboxRows()).leased === 3, "3 calls claimed from the outbox", 120_000);
      const { leasedUntil } = await outboxRows();
      expect(segment.messages).toHaveLength(0);

      expect(await stop(first)).toBe(0);

      await receivedMessage(segment, track("Order Completed", { order_id: order.id }), 1);
      expect(segment.messages.map((message) => message.type)).toEqual(expect.arrayContaining(["identify", "track", "track"]));
      expect(segment.messages).toHaveLength(3);
      expect((await outboxRows()).byStatus).toEqual({ delivered: 3 });
      expect(first.output()).not.toMatch(/Driver not Connected|migrations run|could not record|stay in the outbox/);

      // The next process: once the first one's lease has ended, it polls a few times, and nothing is due.
      const second = await start();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, leasedUntil - Date.now()) + 10 * POLL_INTERVAL_MS));
      expect(await stop(second)).toBe(0);

      const ids = segment.messages.map((message) => message.messageId);
      expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
      expect(ids).toHaveLength(3);
    },
    TEST_TIMEOUT_MS,
  );
});

describe("a store started before `medusa migrations run` made the outbox table", () => {
  it(
    "says so in one line at boot, and sends the calls directly meanwhile",
    async () => {
      await db.query("DROP TABLE trackmap_outbox");

      const medusa = await start();
      const client = storeClient(medusa.url);
      const missingTable =
        '[trackmap] the outbox table is missing (relation "trackmap_outbox" does not exist): run `npx medusa migrations run`. Until then calls are sent directly, without the outbox\'s guarantees.';
      expect(medusa.output()).toContain(missingTable);

      const placed = await placeOrder(client, { region: "Germany", items: [{ sku: "MUG-WHITE" }], address: { country_code: "de", city: "Lübeck" } });
      await receivedMessage(segment, track("Order Completed", { order_id: placed.id }));
      expect(await stop(medusa)).toBe(0);

      // Said once: no failure per call or per poll after it.
      expect(
        medusa
          .output()
          .split("\n")
          .filter((line) => line.includes("outbox")),
      ).toEqual([expect.stringContaining(missingTable)]);
    },
    TEST_TIMEOUT_MS,
  );
});
