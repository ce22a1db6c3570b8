import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Knex } from "@medusajs/framework/mikro-orm/knex";
import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import { startSegmentServer } from "@trackmap/core/testing";
import { type Browser, chromium, type Page } from "playwright-core";
import { buildAdmin } from "../scripts/buildAdmin";
import { importCustomers } from "../src/store-flows";
import { freePort } from "../scripts/embeddedPostgres";
import { createAdminUser } from "./setup/adminUser";
import { startMedusaProcess, type MedusaProcess } from "./setup/medusaProcess";
import { until } from "./setup/until";

/**
 * The Segment page in a real browser: the store with Medusa's dashboard built and served (`medusa start`,
 * STORE_ADMIN=1), Debian's Chromium driven headless by playwright-core. An admin logs in, opens
 * Settings › Segment, sees the figures, opens a dead call's JSON and re-sends it, and the call arrives at
 * the local Segment server; then opens an order and sees the calls made for it; then backfills customers
 * made while tracking was off: a dry run shows the estimate, the progress moves, pauses and resumes, and each
 * historical call arrives once; last, with over 10,000 calls stored, the recent calls say that more match
 * than they count. Screenshots are kept in integration-tests/output/admin-browser/.
 */
const CHROMIUM = "/usr/bin/chromium";
const MISSING = "chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)";
const SCREENSHOTS = join(__dirname, "output", "admin-browser");
const ADMIN = { email: "admin@example.com", password: "admin-password" };
/** Customers made while tracking was off, for the backfill: three pages of records. */
const HISTORY_CUSTOMERS = 250;
/** Calls per second: slow enough to see the progress move and to pause it. */
const HISTORY_RATE = 10;
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI) throw new Error(`The admin browser test needs ${MISSING}.`);
if (!hasChromium) console.warn(`skipped: the admin browser test, because ${MISSING}`);

const segment = await startSegmentServer();

medusaIntegrationTestRunner({
  cwd: join(__dirname, ".."),
  // The test runner's app runs dry: only the served store below sends.
  env: {},
  testSuite: ({ getContainer, dbConfig }) => {
    let store: MedusaProcess | undefined;
    let browser: Browser | undefined;

    afterAll(async () => {
      await browser?.close();
      store?.child.kill("SIGTERM");
      await store?.exited;
      await segment.close();
    });

    it.runIf(hasChromium)(
      "an admin sees the Segment page's figures, re-sends a dead call that then reaches Segment, sees an order's calls, and backfills history",
      { timeout: 600_000 },
      async () => {
        mkdirSync(SCREENSHOTS, { recursive: true });
        await buildAdmin();
        await createAdminUser(getContainer(), ADMIN);
        const port = await freePort();
        const url = `http://localhost:${port}`;
        const env = {
          DATABASE_URL: dbConfig.clientUrl,
          STORE_ADMIN: "1",
          SEGMENT_WRITE_KEY: "test-write-key",
          SEGMENT_HOST: segment.url,
          SEGMENT_FLUSH_AT: "1",
          SEGMENT_MAX_RETRIES: "0",
          TRACKMAP_OUTBOX: JSON.stringify({ poll_interval_ms: 100, base_backoff_ms: 100, max_backoff_ms: 1000 }),
        };
        store = startMedusaProcess(["start"], { ...env, PORT: String(port) });
        await store.waitFor(/Server is ready on port/, 120_000);

        // A customer created while Segment refuses everything: its calls die.
        segment.setFault({ status: 400 });
        const token = await adminToken(url);
        const created = await fetch(`${url}/admin/customers`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ email: "grace@example.com", first_name: "Grace" }),
        });
        expect(created.status).toBe(200);
        await until(async () => (await deadCount(url, token)) > 0, "the customer's calls kept dead", 30_000);
        await store.waitFor(/Processing customer\.created/);
        const dead = await deadCount(url, token);
        segment.clearFault();

        browser = await chromium.launch({
          executablePath: CHROMIUM,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        });
        const page = await browser.newPage({ viewport: { width: 1440, height: 1800 } });
        await logIn(page, url);

        await page.goto(`${url}/app/settings/segment`);
        await expectText(page, '[data-testid="figure-dead"]', String(dead));
        await expectText(page, '[data-testid="trackmap-status"]', "Write key set");
        await page.screenshot({ path: join(SCREENSHOTS, "1-segment-page.png"), fullPage: true });

        const rows = page.locator('[data-testid="trackmap-dead"] tr[data-message-id]');
        await rows.first().waitFor();
        const messageId = await rows.first().getAttribute("data-message-id");
        await rows.first().click();
        await expectText(page, '[data-testid="trackmap-dead"] [data-testid="call-json"]', `"messageId": "${messageId}"`);
        await page.screenshot({ path: join(SCREENSHOTS, "2-dead-call-json.png"), fullPage: true });

        await rows.first().getByRole("button", { name: "Re-send" }).click();
        const [arrived] = await segment.waitForMessages(1, 30_000);
        expect(arrived?.messageId).toBe(messageId);
        await expectText(page, '[data-testid="figure-dead"]', String(dead - 1));
        await page.screenshot({ path: join(SCREENSHOTS, "3-after-resend.png"), fullPage: true });

        // An order placed by another process of the store (`medusa exec`): its page shows the calls made for it.
        const placing = startMedusaProcess(["exec", "./integration-tests/setup/placeOrderAndExit.ts", "0"], env);
        const [, placed] = await placing.waitFor(/PLACED (\{.*\})/, 120_000);
        const { orderId } = JSON.parse(placed!) as { orderId: string };
        await placing.exited;
        await page.goto(`${url}/app/orders/${orderId}`);
        await expectText(page, '[data-testid="trackmap-entity-calls"]', 'track "Order Completed"');
        await expectText(page, '[data-testid="trackmap-entity-calls"] tr[data-message-id]', "delivered");
        await page.screenshot({ path: join(SCREENSHOTS, "4-order-calls.png"), fullPage: true });

        // History: customers made while tracking was off (this test runner's app runs dry), backfilled from the page.
        // The dashboard scrolls inside a frame of its own: the backfill's screenshots are of its section.
        const history = new Set(await importCustomers(getContainer(), HISTORY_CUSTOMERS, "history"));
        const sentBefore = segment.messages.length;
        await page.goto(`${url}/app/settings/segment`);
        const backfill = page.locator('[data-testid="trackmap-backfill"]');
        await backfill.locator('[data-testid="backfill-form"]').waitFor();
        // Only the customers' event: every other box unchecked.
        const checked = await backfill.getByRole("checkbox", { checked: true }).evaluateAll((boxes) => boxes.map((box) => box.id));
        for (const id of checked.filter((id) => id !== "backfill-event-customer.created")) await backfill.locator(`[id="${id}"]`).click();
        await backfill.getByLabel("Calls per second").fill(String(HISTORY_RATE));
        const start = backfill.getByRole("button", { name: "Start" });
        expect(await start.isDisabled()).toBe(true);
        await backfill.getByRole("button", { name: "Dry run" }).click();
        // The records in the range: the new customers and the order placed above (the events chosen decide the calls).
        const records = HISTORY_CUSTOMERS + 1;
        await expectText(page, '[data-testid="backfill-estimate"]', `${records} records, about `);
        await expectText(page, '[data-testid="backfill-first-calls"]', '"type": "identify"');
        expect(segment.messages.length).toBe(sentBefore);
        await backfill.screenshot({ path: join(SCREENSHOTS, "5-backfill-estimate.png") });

        // Records are read 100 a page, the progress saved after each. At 10 calls/s the first page goes at once
        // (the rate's bucket holds a second of calls and may go into debt) and the second waits about 10 s:
        // time to see the progress at 100, and to pause before the end.
        await start.click();
        await expectText(page, '[data-testid="backfill-figures"]', `100/${records} records`);
        await backfill.screenshot({ path: join(SCREENSHOTS, "6-backfill-running.png") });
        const [pauseAnswer] = await Promise.all([
          page.waitForResponse((response) => response.url().endsWith("/admin/trackmap/backfill") && response.request().method() === "POST"),
          backfill.getByRole("button", { name: "Pause" }).click(),
        ]);
        const pausedAt = ((await pauseAnswer.json()) as { backfill: { updatedAt: string } }).backfill.updatedAt;
        await page.locator('[data-testid="backfill-job"][data-status="paused"]').waitFor({ timeout: 30_000 });
        // The runner writes the job once more as it stops (at its next checkpoint, or once its wait ends): only then
        // is the pause complete, and a resume the only runner.
        await until(async () => ((await backfillJob(url, token))?.updatedAt ?? "") > pausedAt, "the paused backfill's runner stopped", 60_000);
        const pausedDone = (await backfillJob(url, token))?.checkpoint.done ?? -1;
        expect(pausedDone).toBeGreaterThanOrEqual(100);
        expect(pausedDone).toBeLessThan(records);
        await expectText(page, '[data-testid="backfill-figures"]', `${pausedDone}/${records} records`);
        await backfill.screenshot({ path: join(SCREENSHOTS, "7-backfill-paused.png") });

        await backfill.getByRole("button", { name: "Resume" }).click();
        await page.locator('[data-testid="backfill-job"][data-status="completed"]').waitFor({ timeout: 120_000 });
        await expectText(page, '[data-testid="backfill-figures"]', `${records}/${records} records (100%)`);
        await backfill.screenshot({ path: join(SCREENSHOTS, "8-backfill-completed.png") });

        // Each customer's identify (the one call its mapping makes) arrived once, and nothing else.
        const backfilled = (await segment.waitForMessages(sentBefore + HISTORY_CUSTOMERS, 60_000)).slice(sentBefore);
        expect(backfilled.map((message) => [message.type, history.has(message.userId as string)])).toEqual(
          Array(HISTORY_CUSTOMERS).fill(["identify", true]),
        );
        expect(new Set(backfilled.map((message) => message.userId)).size).toBe(HISTORY_CUSTOMERS);

        // A large outbox (a week of a busy store's calls): the recent calls are counted up to 10,000, and the page says so.
        await getContainer()
          .resolve<Knex>("__pg_connection__")
          .raw(
            `INSERT INTO trackmap_outbox (id, call, status, attempts, next_attempt_at, created_at, updated_at)
             SELECT 'old-' || i, jsonb_build_object('type', 'track', 'event', 'Product Viewed', 'userId', 'cus_' || i), 'delivered', 1,
                    now() - interval '2 days', now() - interval '2 days', now() - interval '2 days'
             FROM generate_series(1, 10001) AS i`,
          );
        await page.reload();
        const recent = page.locator('[data-testid="trackmap-recent"]');
        await expectText(page, '[data-testid="trackmap-recent-capped"]', "More than 10,000 calls match");
        await recent.scrollIntoViewIfNeeded();
        await recent.screenshot({ path: join(SCREENSHOTS, "9-recent-calls-capped.png") });
      },
    );
  },
});

async function adminToken(url: string): Promise<string> {
  const response = await fetch(`${url}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(ADMIN),
  });
  const { token } = (await response.json()) as { token: string };
  return token;
}

interface BackfillJobAnswer {
  status: string;
  checkpoint: { done: number };
  /** ISO 8601 in UTC: compared as text. */
  updatedAt: string;
}

/** The active backfill (GET /admin/trackmap/backfill). */
async function backfillJob(url: string, token: string): Promise<BackfillJobAnswer | null> {
  const response = await fetch(`${url}/admin/trackmap/backfill`, { headers: { authorization: `Bearer ${token}` } });
  return ((await response.json()) as { backfill: BackfillJobAnswer | null }).backfill;
}

async function deadCount(url: string, token: string): Promise<number> {
  const response = await fetch(`${url}/admin/trackmap/outbox`, { headers: { authorization: `Bearer ${token}` } });
  const { counts } = (await response.json()) as { counts: { dead: number } | null };
  return counts?.dead ?? 0;
}

/** Logs in through the dashboard's own form. */
async function logIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/app/login`);
  await page.locator('input[name="email"]').fill(ADMIN.email);
  await page.locator('input[name="password"]').fill(ADMIN.password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((address) => !address.pathname.includes("/login"), { timeout: 30_000 });
}

/** Waits until the element shows `text` (the page polls its data every few seconds). */
async function expectText(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).filter({ hasText: text }).first().waitFor({ timeout: 30_000 });
}
