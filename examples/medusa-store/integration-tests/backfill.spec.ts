import type { MedusaContainer } from "@medusajs/framework/types";
import { createRegionsWorkflow } from "@medusajs/medusa/core-flows";
import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import { type SegmentMessage, startSegmentServer } from "@trackmap/core/testing";
import {
  cancelOrder,
  createClaim,
  createExchange,
  fulfillAndShip,
  orderLineBySku,
  placeOrder,
  returnItems,
  type Seed,
  seedStore,
} from "../src/store-flows";
import { startMedusaProcess, type MedusaProcess } from "./setup/medusaProcess";
import { placeCustomLineOrder } from "./setup/placeSimpleOrder";
import { storeProcessEnv } from "./setup/storeProcessEnv";
import { until } from "./setup/until";

/**
 * History into Segment (docs/backfill.md), on the real store: ORDERS orders made by Medusa's workflows while
 * tracking was off (the test runner's app runs without a write key), spread over several months; some of them
 * were then shipped, returned, claimed, exchanged or canceled, also by Medusa's workflows. The plugin's backfill
 * script, in processes of their own, delivers each fact's call once with its record's own timestamp; killed with
 * SIGKILL and resumed, it sends no call twice; a second full run sends nothing new; 429s from Segment for a minute
 * slow it down without losing a call; and orders placed while it runs go to Segment at once, ahead of its calls.
 */
const ORDERS = Number(process.env.BACKFILL_ORDERS ?? 500);
/** Every LIFE_EVERY-th order gets one of LIVES after it was placed, in turn: 10 orders in all, each life twice. */
const LIFE_EVERY = Math.max(1, Math.floor(ORDERS / 10));
const LIVES = ["shipped", "returned", "claimed", "exchanged", "canceled"] as const;
type Life = (typeof LIVES)[number];
const DAY = 86_400_000;
const SCRIPT = "./node_modules/@trackmap/medusa/.medusa/server/src/scripts/backfill.js";
const segment = await startSegmentServer();
/** Where the backfill delivers while live orders are placed in the last test: it refuses every request (503). */
const unavailable = await startSegmentServer({ failWith: { status: 503 } });

/** A call the history must give: its event, its order, and the time of the record it comes from. */
interface Fact {
  event: string;
  orderId: string;
  timestamp: string;
}

medusaIntegrationTestRunner({
  cwd: `${__dirname}/..`,
  env: {},
  testSuite: ({ getContainer, dbConfig }) => {
    const processes: MedusaProcess[] = [];
    const storeEnv = (outbox: { lease_ms?: number; poll_interval_ms?: number } = {}) =>
      storeProcessEnv({
        databaseUrl: dbConfig.clientUrl,
        segmentUrl: segment.url,
        flushAt: 50,
        flushIntervalMs: 20,
        outbox: { poll_interval_ms: 100, base_backoff_ms: 200, max_backoff_ms: 2000, lease_ms: 5000, ...outbox },
        logLevel: "error",
      });
    /** The backfill script in a process of its own, with --json progress lines (its options after `--`, as Medusa's CLI wants). */
    const backfill = (args: string[], env: Record<string, string> = storeEnv()) => {
      const [command, options] = args[0]?.startsWith("--") ? [[], args] : [args.slice(0, 1), args.slice(1)];
      const child = startMedusaProcess(["exec", SCRIPT, ...command, "--", ...options, "--json"], env);
      processes.push(child);
      return child;
    };
    let seed: Seed;
    /** Every call the history must give. */
    let history: Fact[];

    beforeAll(async () => {
      seed = await seedStore(getContainer());
      history = await makeHistory(getContainer(), seed, ORDERS);
    }, 30 * 60_000);
    afterAll(async () => {
      for (const child of processes) child.child.kill("SIGKILL");
      await Promise.all([segment.close(), unavailable.close()]);
    });

    const ids = () => segment.messages.map((m) => m.messageId);
    /** What the calls received say, one line per call, in a fixed order: compared with the history's. */
    const received = () => segment.messages.map(factOf).sort();
    const expected = () => history.map(({ event, orderId, timestamp }) => `${event} ${orderId} ${timestamp}`).sort();

    it(
      "killed mid-run and resumed, delivers each call of the history once, at the time of its record",
      async () => {
        // Killed while Segment answers 503, so that none of its calls was accepted and left unmarked: such a call is
        // sent again on resume (at-least-once, deduplicated by Segment, docs/backfill.md), whatever resuming does.
        segment.setFault({ status: 503 });
        const first = backfill(["--rate", "100"]);
        await first.waitFor(/"done":(\d*[1-9]\d*)/, 10 * 60_000);
        first.child.kill("SIGKILL");
        expect(await first.exited).toBe("SIGKILL");
        expect(segment.messages).toHaveLength(0);
        segment.clearFault();

        const resumed = backfill(["resume", "--force", "--rate", "0"]);
        const [, job] = await resumed.waitFor(/\{"backfill":(\{.*"status":"completed".*\})\}/, 10 * 60_000);
        expect(await resumed.exited).toBe(0);
        expect(JSON.parse(job!)).toMatchObject({ checkpoint: { done: ORDERS, errors: 0 } });

        // Every kind of fact is there: placed, shipped, returned, claimed, exchanged, canceled.
        expect(new Set(history.map((fact) => fact.event)).size).toBe(6);
        expect(received()).toEqual(expected());
        expect(new Set(ids()).size).toBe(ids().length);
      },
      20 * 60_000,
    );

    it(
      "a second full run sends nothing new",
      async () => {
        const before = new Set(ids());
        const again = backfill(["--rate", "0"]);
        await again.waitFor(/\{"backfill":\{.*"status":"completed"/, 10 * 60_000);
        expect(new Set(ids())).toEqual(before);
      },
      15 * 60_000,
    );

    it(
      "slows down while Segment answers 429 for a minute, and loses nothing",
      async () => {
        await getContainer().resolve("__pg_connection__").raw(`DELETE FROM trackmap_outbox`);
        segment.reset();
        segment.setFault({ status: 429, headers: { "Retry-After": "8" } });
        // The client holds batches Segment answered 429 for (Retry-After) without failing them, here for twice the
        // outbox's lease: the outbox renews the lease meanwhile, or another round would claim the calls again. (A
        // lease of 1 s was too short for a loaded CI machine: a renewal late by 700 ms let a second round in.)
        const run = backfill(["--rate", "200"], storeEnv({ lease_ms: 4000 }));
        await new Promise((resolve) => setTimeout(resolve, 60_000));
        expect(segment.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
        expect(segment.messages).toHaveLength(0);
        segment.clearFault();

        await run.waitFor(/\{"backfill":\{.*"status":"completed"/, 10 * 60_000);
        expect(received()).toEqual(expected());
        expect(new Set(ids()).size).toBe(ids().length);
      },
      20 * 60_000,
    );

    it(
      "sends orders placed during a backfill at once, ahead of the backfill's calls waiting in the outbox",
      async () => {
        const knex = getContainer().resolve("__pg_connection__");
        await knex.raw(`DELETE FROM trackmap_outbox`);
        segment.reset();
        // The store's live process: it sends what it stores, and never polls (the backfill's calls are not its own).
        const live = startMedusaProcess(
          ["exec", "./integration-tests/setup/placeOrdersOnCue.ts", seed.regions.eu.id],
          storeEnv({ poll_interval_ms: 600_000 }),
        );
        processes.push(live);
        await live.waitFor(/READY/, 180_000);
        const placed: Array<{ orderId: string; placedAt: number }> = [];
        /** Places an order in the live process; resolves with ms from its placement to its Order Completed at Segment. */
        const placeLive = async (): Promise<number> => {
          live.child.stdin!.write("place\n");
          await until(() => placedLines(live).length > placed.length, "the live order placed", 60_000);
          const order = placedLines(live)[placed.length]!;
          placed.push(order);
          await until(() => segment.messages.some((m) => orderIdOf(m) === order.orderId), `Order Completed of ${order.orderId}`, 30_000);
          const batch = segment.batches.find((b) => b.messages.some((m) => orderIdOf(m) === order.orderId))!;
          return batch.receivedAt.getTime() - order.placedAt;
        };

        const usual = [await placeLive(), await placeLive(), await placeLive()];

        // A backfill at full rate whose calls Segment refuses for now: they wait in the outbox, due or soon due.
        const run = backfill(["--rate", "0"], { ...storeEnv(), SEGMENT_HOST: unavailable.url });
        const waiting = async () =>
          Number((await knex.raw(`SELECT count(*) FROM trackmap_outbox WHERE status IN ('pending', 'retrying')`)).rows[0].count);
        await until(async () => (await waiting()) >= 100, "the backfill's calls waiting in the outbox", 5 * 60_000);
        const during = [await placeLive(), await placeLive(), await placeLive()];
        run.child.kill("SIGKILL");

        // Segment received the live orders' calls, and none of the backfill's, though they were stored first.
        expect(segment.messages.map(orderIdOf).sort()).toEqual(placed.map((order) => order.orderId).sort());
        for (const { orderId } of placed.slice(3)) {
          const { rows } = await knex.raw(
            `SELECT count(*) FROM trackmap_outbox AS backfilled, trackmap_outbox AS live
             WHERE live.call->'properties'->>'order_id' = ?
               AND backfilled.status IN ('pending', 'retrying') AND backfilled.created_at < live.created_at`,
            [orderId],
          );
          expect(Number(rows[0].count)).toBeGreaterThan(0);
        }
        console.log(`live latency, order placed → Order Completed received (ms): usual ${usual.join(", ")}; during a backfill ${during.join(", ")}`);
      },
      15 * 60_000,
    );
  },
});

const orderIdOf = (message: SegmentMessage) => (message.properties as { order_id?: string } | undefined)?.order_id;
const factOf = (message: SegmentMessage) => `${message.event ?? message.type} ${orderIdOf(message)} ${message.timestamp}`;

function placedLines(child: MedusaProcess): Array<{ orderId: string; placedAt: number }> {
  return [...child.output().matchAll(/PLACED (\{.*\})/g)].map(([, json]) => JSON.parse(json!));
}

/**
 * ORDERS guest orders through Medusa's own workflows (cart → payment → completion), then dated one every few
 * hours back over half a year: workflows stamp the present, and history is what a backfill is for. Every
 * LIFE_EVERY-th order is of a shirt, and lives on (see liveOn). Says every call the history must give.
 */
async function makeHistory(container: MedusaContainer, seed: Seed, count: number): Promise<Fact[]> {
  const knex = container.resolve("__pg_connection__");
  // The plain orders in a region of their own, without tax: the quickest real orders.
  const {
    result: [region],
  } = await createRegionsWorkflow(container).run({
    input: { regions: [{ name: "Backfill", currency_code: "eur", countries: ["nl"], payment_providers: ["pp_system_default"] }] },
  });
  const facts: Fact[] = [];
  const start = Date.now() - 180 * DAY;
  for (let i = 0; i < count; i++) {
    const at = new Date(start + Math.floor((i * 180 * DAY) / count));
    const life = i % LIFE_EVERY === LIFE_EVERY - 1 ? LIVES[Math.floor(i / LIFE_EVERY) % LIVES.length] : undefined;
    const orderId = life
      ? (await placeOrder(container, seed, { customer: "guest", items: [{ sku: SHIRT, quantity: 2 }] })).orderId
      : (await placeCustomLineOrder(container, { regionId: region!.id, email: `buyer${i}@example.com`, unitPrice: 10 + (i % 40) })).id;
    await knex.raw(`UPDATE "order" SET created_at = ? WHERE id = ?`, [at, orderId]);
    facts.push({ event: "Order Completed", orderId, timestamp: at.toISOString() });
    if (life) facts.push(...(await liveOn(container, seed, orderId, life, at)));
  }
  return facts;
}

const SHIRT = "SHIRT-M-BLACK";

/**
 * What happens to an order after it was placed, by the workflows the admin runs, each step then dated days after
 * the order: shipped; shipped and a shirt returned; shipped and a shirt claimed (refunded); shipped and a shirt
 * exchanged for another size; or canceled. Says the calls its records must give.
 */
async function liveOn(container: MedusaContainer, seed: Seed, orderId: string, life: Life, placedAt: Date): Promise<Fact[]> {
  const knex = container.resolve("__pg_connection__");
  const fact = (event: string, days: number) => ({ event, orderId, timestamp: new Date(placedAt.getTime() + days * DAY).toISOString() });
  /** Dates a record `days` after the order was placed. */
  const date = (table: string, column: string, id: string, { timestamp }: Fact) =>
    knex.raw(`UPDATE "${table}" SET ${column} = ? WHERE id = ?`, [new Date(timestamp), id]);

  if (life === "canceled") {
    const canceled = fact("Order Cancelled", 1);
    await cancelOrder(container, orderId);
    await date("order", "canceled_at", orderId, canceled);
    return [canceled];
  }
  const shipped = fact("Order Shipped", 2);
  const { fulfillmentId } = await fulfillAndShip(container, orderId);
  await date("fulfillment", "shipped_at", fulfillmentId, shipped);
  const line = await orderLineBySku(container, orderId, SHIRT);
  if (life === "returned") {
    const refunded = fact("Order Refunded", 9);
    const { returnId } = await returnItems(container, seed, orderId, { items: [{ id: line.id, quantity: 1, reason: "wrong_size" }] });
    await date("return", "received_at", returnId, refunded);
    return [shipped, refunded];
  }
  if (life === "claimed") {
    const claimed = fact("Item Claimed", 12);
    const { claimId } = await createClaim(container, seed, orderId, { type: "refund", items: [{ id: line.id, quantity: 1 }] });
    await date("order_claim", "created_at", claimId, claimed);
    return [shipped, claimed];
  }
  if (life === "exchanged") {
    const swapped = fact("Swap Created", 14);
    const { exchangeId } = await createExchange(container, seed, orderId, {
      returnItems: [{ id: line.id, quantity: 1, reason: "wrong_size" }],
      newItems: [{ sku: "SHIRT-L-BLACK" }],
    });
    await date("order_exchange", "created_at", exchangeId, swapped);
    return [shipped, swapped];
  }
  return [shipped];
}
