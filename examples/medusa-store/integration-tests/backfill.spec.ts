import type { MedusaContainer } from "@medusajs/framework/types";
import {
  completeCartWorkflow,
  createCartWorkflow,
  createPaymentCollectionForCartWorkflow,
  createPaymentSessionsWorkflow,
  createRegionsWorkflow,
} from "@medusajs/medusa/core-flows";
import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import { startSegmentServer } from "@trackmap/core/testing";
import { startMedusaProcess, type MedusaProcess } from "./setup/medusaProcess";

/**
 * History into Segment (docs/backfill.md), on the real store: ORDERS orders made by Medusa's workflows while
 * tracking was off (the test runner's app runs without a write key), spread over several months. The plugin's
 * backfill script, in processes of their own, delivers each order's call once with its historical timestamp;
 * killed with SIGKILL and resumed, it sends no call twice; a second full run sends nothing new; and 429s from
 * Segment for a minute slow it down without losing a call.
 */
const ORDERS = Number(process.env.BACKFILL_ORDERS ?? 500);
const DAY = 86_400_000;
const SCRIPT = "./node_modules/@trackmap/medusa/.medusa/server/src/scripts/backfill.js";
const segment = await startSegmentServer();

medusaIntegrationTestRunner({
  cwd: `${__dirname}/..`,
  env: {},
  testSuite: ({ getContainer, dbConfig }) => {
    const processes: MedusaProcess[] = [];
    const childEnv = {
      DATABASE_URL: dbConfig.clientUrl,
      SEGMENT_WRITE_KEY: "test-write-key",
      SEGMENT_HOST: segment.url,
      SEGMENT_FLUSH_AT: "50",
      SEGMENT_FLUSH_INTERVAL: "20",
      TRACKMAP_OUTBOX: JSON.stringify({ poll_interval_ms: 100, base_backoff_ms: 200, max_backoff_ms: 2000, lease_ms: 5000 }),
      LOG_LEVEL: "error",
    };
    /** The backfill script in a process of its own, with --json progress lines (its options after `--`, as Medusa's CLI wants). */
    const backfill = (args: string[], env: Record<string, string> = {}) => {
      const [command, options] = args[0]?.startsWith("--") ? [[], args] : [args.slice(0, 1), args.slice(1)];
      const child = startMedusaProcess(["exec", SCRIPT, ...command, "--", ...options, "--json"], { ...childEnv, ...env });
      processes.push(child);
      return child;
    };
    /** When each order was placed, as the calls must say. */
    let placedAt: Map<string, string>;

    beforeAll(async () => {
      placedAt = await placeOrdersOverMonths(getContainer(), ORDERS);
    }, 30 * 60_000);
    afterAll(async () => {
      for (const child of processes) child.child.kill("SIGKILL");
      await segment.close();
    });

    const orderIdOf = (message: Record<string, unknown>) => (message.properties as { order_id?: string } | undefined)?.order_id;
    const ids = () => segment.messages.map((m) => m.messageId);

    it(
      "killed mid-run and resumed, delivers every order's call once, at the time the order was placed",
      async () => {
        const first = backfill(["--rate", "100"]);
        await first.waitFor(/"done":(\d*[1-9]\d*)/, 10 * 60_000);
        first.child.kill("SIGKILL");
        expect(await first.exited).toBe("SIGKILL");
        const beforeResume = ids().length;
        expect(beforeResume).toBeLessThan(ORDERS);

        const resumed = backfill(["resume", "--force", "--rate", "0"]);
        const [, job] = await resumed.waitFor(/\{"backfill":(\{.*"status":"completed".*\})\}/, 10 * 60_000);
        expect(await resumed.exited).toBe(0);
        expect(JSON.parse(job!)).toMatchObject({ checkpoint: { done: ORDERS, errors: 0 } });

        const completed = segment.messages.filter((m) => m.type === "track" && m.event === "Order Completed");
        expect(completed).toHaveLength(ORDERS);
        expect(new Set(ids()).size).toBe(ids().length);
        for (const message of completed) expect(message.timestamp).toBe(placedAt.get(orderIdOf(message)!));
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
        segment.setFault({ status: 429, headers: { "Retry-After": "2" } });
        // The client holds batches Segment answered 429 for (Retry-After) without failing them: the outbox's lease must
        // outlast that, or another round claims the calls again and Segment receives them twice (and drops one).
        const run = backfill(["--rate", "200"], {
          TRACKMAP_OUTBOX: JSON.stringify({ poll_interval_ms: 100, base_backoff_ms: 200, max_backoff_ms: 2000 }),
        });
        await new Promise((resolve) => setTimeout(resolve, 60_000));
        expect(segment.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
        expect(segment.messages).toHaveLength(0);
        segment.clearFault();

        await run.waitFor(/\{"backfill":\{.*"status":"completed"/, 10 * 60_000);
        expect(segment.messages.filter((m) => m.event === "Order Completed")).toHaveLength(ORDERS);
        expect(new Set(ids()).size).toBe(ids().length);
      },
      20 * 60_000,
    );
  },
});

/**
 * ORDERS guest orders through Medusa's own workflows (cart → payment → completion), then dated one every few
 * hours back over half a year: workflows stamp the present, and history is what a backfill is for.
 */
async function placeOrdersOverMonths(container: MedusaContainer, count: number): Promise<Map<string, string>> {
  const {
    result: [region],
  } = await createRegionsWorkflow(container).run({
    input: { regions: [{ name: "Backfill", currency_code: "eur", countries: ["de"], payment_providers: ["pp_system_default"] }] },
  });
  const knex = container.resolve("__pg_connection__");
  const placedAt = new Map<string, string>();
  const start = Date.now() - 180 * DAY;
  for (let i = 0; i < count; i++) {
    const { result: cart } = await createCartWorkflow(container).run({
      input: {
        region_id: region!.id,
        email: `buyer${i}@example.com`,
        items: [{ title: "Gift card", unit_price: 10 + (i % 40), quantity: 1, requires_shipping: false }],
      },
    });
    const { result: collection } = await createPaymentCollectionForCartWorkflow(container).run({ input: { cart_id: cart.id } });
    await createPaymentSessionsWorkflow(container).run({ input: { payment_collection_id: collection.id, provider_id: "pp_system_default" } });
    const { result: order } = await completeCartWorkflow(container).run({ input: { id: cart.id } });
    const at = new Date(start + Math.floor((i * 180 * DAY) / count));
    await knex.raw(`UPDATE "order" SET created_at = ? WHERE id = ?`, [at, order.id]);
    placedAt.set(order.id, at.toISOString());
  }
  return placedAt;
}
