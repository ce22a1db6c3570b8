import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Analytics } from "@segment/analytics-node";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTree } from "../../testHelpers/writeTree";
import { startPlayground, type Playground } from "./playgroundServer";

/**
 * The playground in a real browser: Debian's Chromium driven by playwright-core. Without Chromium
 * the tests are skipped with a notice, except in CI (`CI` set), where they fail.
 */
const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && !process.env.CI) console.warn(`playground tests skipped: no ${CHROMIUM} (apt-get install -y chromium)`);
const SCREENSHOTS = join(__dirname, "../../../test-output/playground");

const MAPPING = `on: order.placed
load:
  order: { entity: order, id: = event.data.id }
calls:
  - track:
      event: Order Completed
      userId: = order.customer_id
      properties: { order_id: = order.id, total: = order.total }
`;
const TEST = `cases:
  - name: an order gives Order Completed
    input: fixtures/order-placed.order_1.json
    expect:
      - track: { event: Order Completed, properties: { order_id: order_1 } }
`;
const FIXTURE = JSON.stringify({
  event: { name: "order.placed", data: { id: "order_1" } },
  order: { id: "order_1", customer_id: "cus_1", total: 42 },
});

describe.skipIf(!hasChromium && !process.env.CI)("trackmap dev: the playground in the browser", () => {
  let folder: string;
  let playground: Playground;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const dir = await writeTree({
      "mappings/order-placed.yaml": MAPPING,
      "mappings/order-placed.test.yaml": TEST,
      "mappings/fixtures/order-placed.order_1.json": FIXTURE,
    });
    folder = join(dir, "mappings");
    playground = await startPlayground({ folders: [folder] });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await mkdir(SCREENSHOTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await playground?.close();
  });

  it("shows the calls of a fixture with their size, the problems and the test results", async () => {
    await page.goto(playground.url);
    await page.selectOption("#fixture", join(folder, "fixtures/order-placed.order_1.json"));

    await expect.poll(() => page.textContent("#calls")).toContain('track "Order Completed"');
    const call = JSON.parse((await page.textContent("#calls pre")) ?? "{}");
    expect(call).toMatchObject({ type: "track", event: "Order Completed", userId: "cus_1", properties: { order_id: "order_1", total: 42 } });
    expect(await page.textContent("#calls .size")).toMatch(/^track "Order Completed" · \d+ bytes of 32768$/);
    expect(await page.textContent("#problems")).toBe("none");
    expect(await page.textContent("#tests")).toBe("PASS an order gives Order Completed");
    await page.screenshot({ path: join(SCREENSHOTS, "1-fixture.png") });
  });

  it("updates the calls, the problems with their lines and the tests as the mapping is edited in the page", async () => {
    await page.fill("#source", MAPPING.replace("event: Order Completed", "event: Order Placed"));

    await expect.poll(() => page.textContent("#calls")).toContain('track "Order Placed"');
    await expect.poll(() => page.textContent("#tests")).toContain("FAIL an order gives Order Completed");
    await page.screenshot({ path: join(SCREENSHOTS, "2-edited.png") });

    await page.fill("#source", MAPPING.replace("= order.total", "= order.total +"));
    await expect.poll(() => page.textContent("#problems")).toMatch(/^line 8:\d+ TM_JSONATA_SYNTAX /);
    await page.screenshot({ path: join(SCREENSHOTS, "3-problem.png") });
  });

  it("takes a change on disk when the editor holds no unsaved text", async () => {
    await page.fill("#source", MAPPING);
    await page.click("#save");
    await expect.poll(() => page.textContent("#saved")).toBe("saved");

    await writeFile(join(folder, "order-placed.yaml"), MAPPING.replace("event: Order Completed", "event: Checkout Done"));

    await expect.poll(() => page.inputValue("#source")).toContain("event: Checkout Done");
    await expect.poll(() => page.textContent("#calls")).toContain('track "Checkout Done"');
  });

  it("lists the calls its Segment endpoint receives, as they arrive", async () => {
    const analytics = new Analytics({ writeKey: "any-key", host: playground.segmentUrl, flushAt: 1 });
    analytics.track({ userId: "cus_1", event: "Sent From The Store", properties: { order_id: "order_9" } });
    await analytics.closeAndFlush();

    await expect.poll(() => page.textContent("#received")).toContain('"event": "Sent From The Store"');
    await page.screenshot({ path: join(SCREENSHOTS, "4-received.png") });
  });
});
