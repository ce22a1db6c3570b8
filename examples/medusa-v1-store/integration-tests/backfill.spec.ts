import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type SegmentMessage, type SegmentServer, startSegmentServer } from "@trackmap/core/testing";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, migrateAndSeed, type MedusaV1Process, startMedusaV1 } from "./support/medusaV1Process";
import { receivedMessages, track } from "./support/segmentMessages";
import {
  cancelOrder,
  createRefundClaim,
  fulfillAndShip,
  lookups,
  placeOrder,
  registerCustomer,
  requestAndReceiveReturn,
  storeClient,
  swapAndShip,
} from "./support/storeFlows";
import { until } from "./support/until";

/**
 * `npx trackmap-v1 backfill` and `capture` on a Medusa 1.20 store whose orders were made through its REST API,
 * then spread over months. While the orders were made, the plugin sent to a "live" Segment server; that outbox
 * is then emptied, as in a store whose history was never delivered. The backfill, run as a store operator runs
 * it (the package's bin, in the store's folder, in a child process), must send to another server every call
 * live tracking sent, exactly once, with the same messageIds and the records' own (historical) timestamps.
 */

const STORE_DIR = join(__dirname, "..");
const ORDERS = 30;
const DAY_MS = 86_400_000;
/** The outbox's timings compressed: a killed process's claims end after 2 s instead of minutes. */
const OUTBOX = JSON.stringify({ poll_interval_ms: 100, lease_ms: 2_000, base_backoff_ms: 200, max_backoff_ms: 1000 });
const RUN_TIMEOUT_MS = 600_000;

let live: SegmentServer;
let history: SegmentServer;
let databaseUrl: string;
let db: Client;
let medusa: MedusaV1Process | undefined;
/** Every call live tracking sent for the orders (not the store's own hand-written Customer Created). */
let liveCalls: SegmentMessage[];
/** Order id → the creation time it was moved back to. */
const placedAt = new Map<string, string>();
const shippedFulfillments: string[] = [];
/** The order with a swap: the swap's payment changed it after its earlier events were sent live. */
let swappedOrderId: string;
/** Moves an order ($1) and what happened to it back by an interval ($2). */
const BACKDATE = [
  `UPDATE "order" SET created_at = created_at - $2::interval, canceled_at = canceled_at - $2::interval WHERE id = $1`,
  `UPDATE fulfillment SET shipped_at = shipped_at - $2::interval WHERE order_id = $1 OR swap_id IN (SELECT id FROM swap WHERE order_id = $1)`,
  `UPDATE "return" SET received_at = received_at - $2::interval WHERE order_id = $1`,
  `UPDATE claim_order SET created_at = created_at - $2::interval WHERE order_id = $1`,
  `UPDATE swap SET created_at = created_at - $2::interval, confirmed_at = confirmed_at - $2::interval WHERE order_id = $1`,
];
const captureDir = mkdtempSync(join(tmpdir(), "trackmap-v1-capture-"));

beforeAll(async () => {
  live = await startSegmentServer({ acceptWriteKeys: ["test-write-key"] });
  history = await startSegmentServer({ acceptWriteKeys: ["test-write-key"] });
  databaseUrl = await createDatabase("trackmap_medusa_v1_backfill");
  await migrateAndSeed(databaseUrl);
  db = new Client({ connectionString: databaseUrl });
  await db.connect();
  medusa = await startMedusaV1(databaseUrl, {
    SEGMENT_WRITE_KEY: "test-write-key",
    SEGMENT_HOST: live.url,
    SEGMENT_FLUSH_AT: "1",
    TRACKMAP_OUTBOX: OUTBOX,
  });
  const client = storeClient(medusa.url);
  const { variants } = await lookups(client);
  await registerCustomer(client, "grace@example.com");
  const orders: any[] = [];
  for (let i = 0; i < ORDERS; i++) {
    orders.push(
      await placeOrder(client, {
        region: i % 3 === 0 ? "United States" : "Germany",
        items: [{ sku: i % 2 ? "SHIRT-BLACK-M" : "MUG-WHITE", quantity: 1 + (i % 3) }],
        email: `buyer${i % 7}@example.com`,
        address: i % 3 === 0 ? { country_code: "us", city: "Boston" } : { country_code: "de", city: "Berlin" },
      }),
    );
  }
  // Their lives: every fourth order shipped, one of those returned, one claimed, one swapped; two cancelled.
  for (let i = 0; i < ORDERS; i += 4) shippedFulfillments.push((await fulfillAndShip(client, orders[i].id)).fulfillmentId);
  const item = (order: any) => ({ item_id: order.items[0].id, quantity: 1 });
  await requestAndReceiveReturn(client, orders[4].id, [item(orders[4])]);
  await createRefundClaim(client, orders[8].id, { ...item(orders[8]), note: "chipped" });
  await swapAndShip(client, orders[12].id, item(orders[12]), variants["MUG-WHITE"]!);
  swappedOrderId = orders[12].id;
  await cancelOrder(client, orders[1].id);
  await cancelOrder(client, orders[3].id);

  // Live tracking's calls, all of them arrived: the events of the last steps handled (they wait in staged_job
  // for Medusa's enqueuer), and nothing left in the outbox.
  await receivedMessages(live, 2, track("Order Cancelled"), 60_000);
  await receivedMessages(live, 1, track("Swap Shipped"), 60_000);
  await until(
    async () => {
      const { rows } = await db.query(
        `SELECT (SELECT count(*) FROM staged_job)::int + (SELECT count(*) FROM trackmap_outbox WHERE status <> 'delivered')::int AS waiting`,
      );
      return rows[0].waiting === 0;
    },
    "live tracking's events handled and delivered",
    120_000,
  );
  expect(await medusa.stop()).toBe(0);
  medusa = undefined;
  liveCalls = live.messages.filter((message) => message.event !== "Customer Created");

  // Spread over four months, oldest first: each order and what happened to it moved back together.
  for (const [i, order] of orders.entries()) {
    const shift = `${(ORDERS - i) * 4} days`;
    for (const statement of BACKDATE) await db.query(statement, [order.id, shift]);
    placedAt.set(order.id, (await db.query(`SELECT created_at FROM "order" WHERE id = $1`, [order.id])).rows[0].created_at.toISOString());
  }
  // A store whose history never reached Segment.
  await db.query("DELETE FROM trackmap_outbox");
}, 1_200_000);

afterAll(async () => {
  await medusa?.stop();
  await db?.end();
  await live?.close();
  await history?.close();
  rmSync(captureDir, { recursive: true, force: true });
});

interface CommandRun {
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

/** `npx trackmap-v1 …` in the store's folder, sending to the history server. */
function trackmapV1(args: string[]): CommandRun {
  const child = spawn(join(STORE_DIR, "node_modules", ".bin", "trackmap-v1"), args, {
    cwd: STORE_DIR,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NODE_ENV: "development",
      MEDUSA_DISABLE_TELEMETRY: "true",
      SEGMENT_WRITE_KEY: "test-write-key",
      SEGMENT_HOST: history.url,
      SEGMENT_FLUSH_AT: "1",
      TRACKMAP_OUTBOX: OUTBOX,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

/** Runs the command to its end; expects exit code 0 and gives the JSON lines it printed. */
async function run(args: string[]): Promise<{ json: any[]; output: string }> {
  const command = trackmapV1(args);
  const code = await command.exited;
  const output = command.output();
  expect(code, output).toBe(0);
  const json = output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line));
  return { json, output };
}

/** A backfill started while Segment answers 503, once it has stored every call in the outbox and waits for Segment. */
async function backfillWhileSegmentFails(): Promise<CommandRun> {
  history.setFault({ status: 503 });
  const command = trackmapV1(["backfill", "--rate", "0"]);
  const stored = async () => (await db.query(`SELECT count(*)::int AS n FROM trackmap_outbox`)).rows[0].n >= liveCalls.length;
  await until(stored, "the calls stored in the outbox", 300_000);
  return command;
}

const uniqueIds = (messages: readonly SegmentMessage[]) => new Set(messages.map((message) => message.messageId));
const duplicates = (messages: readonly SegmentMessage[]) => {
  const ids = messages.map((message) => message.messageId);
  return ids.filter((id, i) => ids.indexOf(id) !== i);
};

describe("npx trackmap-v1 backfill", () => {
  it(
    "with --dry-run, counts the records, estimates the calls and shows the first ones, sending nothing",
    async () => {
      const { json } = await run(["backfill", "--dry-run", "--json", "--rate", "50"]);
      const estimate = json.find((line) => "records" in line);
      // The orders, and the one customer with an account.
      expect(estimate).toMatchObject({ records: ORDERS + 1, rate: 50, errors: [] });
      expect(estimate.calls).toBeGreaterThanOrEqual(2 * ORDERS);
      expect(estimate.firstCalls[0]).toMatchObject({ type: "identify", timestamp: placedAt.values().next().value });
      expect(history.messages).toHaveLength(0);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "killed mid-run (SIGKILL), then resumed: every call live tracking sent arrives once, with its messageId and historical timestamp",
    async () => {
      // The calls are stored in the outbox, not delivered, when the process dies.
      const first = await backfillWhileSegmentFails();
      await history.waitForRequests(1, 60_000);
      first.child.kill("SIGKILL");
      await first.exited;
      history.clearFault();
      expect(history.messages).toHaveLength(0);

      const { json } = await run(["backfill", "resume", "--force", "--json", "--rate", "0"]);
      // The job the killed process left running, taken over.
      expect((await db.query(`SELECT count(*)::int AS jobs FROM trackmap_backfill`)).rows).toEqual([{ jobs: 1 }]);
      expect(json.at(-1).backfill).toMatchObject({ status: "completed", checkpoint: { done: ORDERS + 1, errors: 0 } });

      await receivedMessages(history, liveCalls.length, () => true, 60_000);
      const describe = (messages: SegmentMessage[]) =>
        messages.map((m) => `${m.type} ${m.event ?? ""} ${JSON.stringify(m.properties ?? m.traits).slice(0, 300)}`);
      const liveIds = uniqueIds(liveCalls);
      const historyIds = uniqueIds(history.messages);
      expect(describe(history.messages.filter((m) => !liveIds.has(m.messageId))), "sent by the backfill only").toEqual([]);
      expect(describe(liveCalls.filter((m) => !historyIds.has(m.messageId))), "sent live only").toEqual([]);
      expect(duplicates(history.messages)).toEqual([]);
      const byId = new Map(history.messages.map((message) => [message.messageId, message]));
      for (const call of liveCalls) {
        const sent = byId.get(call.messageId)!;
        expect([sent.type, sent.event, sent.userId]).toEqual([call.type, call.event, call.userId]);
        // A backfill maps each record as it is now: the swapped order has a second payment since it was placed
        // (payment_provider "manual,manual"); every other call says what live tracking said.
        if ((call.properties as any)?.order_id !== swappedOrderId) expect(sent.properties).toEqual(call.properties);
      }
      const completed = history.messages.filter((message) => message.event === "Order Completed");
      expect(completed).toHaveLength(ORDERS);
      for (const message of completed) expect(message.timestamp).toBe(placedAt.get((message.properties as any).order_id));
      const shipped = history.messages.filter((message) => message.event === "Order Shipped");
      // Shipped minutes after it was placed, both moved back together: months ago, after the order.
      expect(shipped.length).toBeGreaterThanOrEqual(ORDERS / 4);
      for (const message of shipped) {
        const placed = Date.parse(placedAt.get((message.properties as any).order_id)!);
        expect(Date.parse(String(message.timestamp)) - placed).toBeGreaterThan(0);
        expect(Date.parse(String(message.timestamp)) - placed).toBeLessThan(DAY_MS);
      }
    },
    RUN_TIMEOUT_MS,
  );

  it(
    "run again in full, sends no new call; status then finds no active backfill",
    async () => {
      const before = history.messages.length;
      const { json } = await run(["backfill", "--json", "--rate", "0"]);
      expect(json.at(-1).backfill).toMatchObject({ status: "completed", checkpoint: { done: ORDERS + 1 } });
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(uniqueIds(history.messages).size).toBe(uniqueIds(liveCalls).size);
      expect(history.messages.length - before).toBe(0);

      expect((await run(["backfill", "status"])).output).toContain("No active backfill.");
      const { rows } = await db.query(`SELECT status FROM trackmap_backfill ORDER BY created_at`);
      expect(rows.map((row) => row.status)).toEqual(["completed", "completed"]);
    },
    RUN_TIMEOUT_MS,
  );
});

describe("npx trackmap-v1 capture", () => {
  it(
    "writes fixtures of the newest orders and of a shipment, loaded as the plugin loads them",
    async () => {
      const [fulfillment] = shippedFulfillments;
      const { rows } = await db.query(`SELECT order_id FROM fulfillment WHERE id = $1`, [fulfillment]);
      await run(["capture", "order.placed", "last=2", `out=${captureDir}`]);
      await run(["capture", "order.shipment_created", `data={"id":"${rows[0].order_id}","fulfillment_id":"${fulfillment}"}`, `out=${captureDir}`]);

      const files = readdirSync(captureDir).sort();
      expect(files).toHaveLength(3);
      const shipment = JSON.parse(readFileSync(join(captureDir, files.find((file) => file.startsWith("order-shipment_created"))!), "utf8"));
      expect(shipment.event).toEqual({ name: "order.shipment_created", data: { id: rows[0].order_id, fulfillment_id: fulfillment } });
      expect(shipment.fulfillment).toMatchObject({ id: fulfillment, items: [expect.objectContaining({ quantity: expect.any(Number) })] });
      expect(shipment.order).toMatchObject({ id: rows[0].order_id, items: expect.any(Array), total: expect.any(Number) });
      const placed = files.filter((file) => file.startsWith("order-placed")).map((file) => JSON.parse(readFileSync(join(captureDir, file), "utf8")));
      expect(placed.map((fixture) => fixture.order.email)).toEqual([
        expect.stringMatching(/@example\.com$/),
        expect.stringMatching(/@example\.com$/),
      ]);
    },
    RUN_TIMEOUT_MS,
  );
});

describe("npx trackmap-v1 backfill pause and cancel", () => {
  it(
    "pause, from another process, stops a run waiting for Segment; cancel ends the job",
    async () => {
      // History not delivered again (its rows gone), and Segment failing.
      await db.query("DELETE FROM trackmap_outbox");
      const running = await backfillWhileSegmentFails();

      expect((await run(["backfill", "pause"])).output).toMatch(/tmbf_\w+: paused/);
      expect(await running.exited, running.output()).toBe(0);
      expect(running.output()).toMatch(new RegExp(`tmbf_\\w+: paused; ${ORDERS + 1}/${ORDERS + 1} records`));
      expect((await run(["backfill", "status"])).output).toMatch(/tmbf_\w+: paused/);

      expect((await run(["backfill", "cancel"])).output).toMatch(/tmbf_\w+: canceled/);
      history.clearFault();
      expect((await run(["backfill", "status"])).output).toContain("No active backfill.");
      const { rows } = await db.query(`SELECT status FROM trackmap_backfill ORDER BY created_at`);
      expect(rows.map((row) => row.status)).toEqual(["completed", "completed", "canceled"]);
    },
    RUN_TIMEOUT_MS,
  );
});
