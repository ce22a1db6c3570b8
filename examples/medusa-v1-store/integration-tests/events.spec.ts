import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSegmentServer, type SegmentMessage, type SegmentServer } from "@trackmap/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, migrateAndSeed, startMedusaV1, type MedusaV1Process } from "./support/medusaV1Process";
import { receivedMessage, receivedMessages, track } from "./support/segmentMessages";
import {
  cancelOrder,
  createRefundClaim,
  createReturnReason,
  deleteProduct,
  fulfillAndShip,
  lookups,
  placeOrder,
  registerCustomer,
  requestAndReceiveReturn,
  storeClient,
  swapAndShip,
  type StoreClient,
} from "./support/storeFlows";

/**
 * Medusa 1.20 with @trackmap/medusa-v1 configured as medusa-plugin-segment was (medusa-config.js), on a real
 * PostgreSQL, started with Medusa's own `seed` and `start` commands. Every event comes from Medusa's REST API
 * and services; the real analytics-node client delivers to a local Segment-compatible server, whose messages are
 * checked. The records the mappings loaded are kept as the mapping tests' fixtures
 * (TRACKMAP_WRITE_FIXTURES=1 copies them to packages/medusa-v1/mappings/fixtures/generated).
 */

const CAPTURE_DIR = mkdtempSync(join(tmpdir(), "trackmap-v1-capture-"));
const FIXTURES_DIR = join(__dirname, "..", "..", "..", "packages", "medusa-v1", "mappings", "fixtures", "generated");

/** The outbox retries after 200 ms (doubling up to 1 s) instead of 1 s (up to 5 minutes); the client not at all. */
const QUICK_RETRIES = {
  SEGMENT_MAX_RETRIES: "0",
  TRACKMAP_OUTBOX: JSON.stringify({ poll_interval_ms: 100, base_backoff_ms: 200, max_backoff_ms: 1000 }),
};

let segment: SegmentServer;
let databaseUrl: string;
let medusa: MedusaV1Process;
let client: StoreClient;
/** Captured inputs to keep as fixtures: file in the capture folder → fixture name. */
const fixtures = new Map<string, string>();
const keep = (event: string, id: string, name: string) => fixtures.set(`${event}.${id}.json`, `${name}.json`);

beforeAll(async () => {
  segment = await startSegmentServer({ acceptWriteKeys: ["test-write-key"] });
  databaseUrl = await createDatabase("trackmap_medusa_v1");
  await migrateAndSeed(databaseUrl);
  medusa = await startMedusaV1(databaseUrl, {
    SEGMENT_WRITE_KEY: "test-write-key",
    SEGMENT_HOST: segment.url,
    SEGMENT_FLUSH_AT: "1",
    ...QUICK_RETRIES,
    TRACKMAP_CAPTURE_DIR: CAPTURE_DIR,
  });
  client = storeClient(medusa.url);
});

afterAll(async () => {
  const exitCode = await medusa?.stop();
  await segment?.close();
  if (process.env.TRACKMAP_WRITE_FIXTURES === "1") {
    for (const [captured, fixture] of fixtures) cpSync(join(CAPTURE_DIR, captured), join(FIXTURES_DIR, fixture));
  }
  rmSync(CAPTURE_DIR, { recursive: true, force: true });
  expect(exitCode).toBe(0);
});

const props = (message: SegmentMessage | undefined) => {
  if (!message) throw new Error("expected a Segment message, got none");
  return message.properties as Record<string, any>;
};

describe("medusa-plugin-segment's eight events, from a Medusa 1.20 store", () => {
  let order: any;
  let shirt: any;
  let pants: any;

  it("order.placed → identify and Order Completed with 1.3.8's properties, the cart's context and the GA client id", async () => {
    order = await placeOrder(client, {
      region: "Germany",
      items: [{ sku: "SHIRT-BLACK-M", quantity: 2 }, { sku: "SWEAT-GREY-L" }],
      address: { country_code: "de", city: "Berlin" },
      context: { ga_id: "GA1.2.345.678" },
      userAgent: "Mozilla/5.0 (X11; Linux x86_64)",
    });
    shirt = order.items.find((item: any) => item.variant.sku === "SHIRT-BLACK-M");
    pants = order.items.find((item: any) => item.variant.sku === "SWEAT-GREY-L");
    keep("order.placed", order.id, "order-placed.de");

    const completed = await receivedMessage(segment, track("Order Completed", { order_id: order.id }));
    const identify = await receivedMessage(segment, (m) => m.type === "identify" && m.userId === order.customer_id);

    expect(identify.traits).toEqual({ email: "ada@example.com", firstName: "Ada", lastName: "Lovelace" });
    expect(completed.userId).toBe(order.customer_id);
    expect(completed.timestamp).toBe(new Date(order.created_at).toISOString());
    expect(completed.context).toMatchObject({
      ip: expect.any(String),
      user_agent: "Mozilla/5.0 (X11; Linux x86_64)",
      userAgent: "Mozilla/5.0 (X11; Linux x86_64)",
    });
    expect(completed.integrations).toEqual({ "Google Analytics": { clientId: "GA1.2.345.678" } });
    // 2 × 25.00 + 39.90, 19 % tax, shipping 4.90: total 112.81 (Medusa rounds the tax per line).
    expect(props(completed)).toMatchObject({
      checkout_id: order.cart_id,
      order_id: order.id,
      email: "ada@example.com",
      region_id: order.region_id,
      payment_provider: "manual",
      shipping_country: "de",
      shipping_city: "Berlin",
      currency: "EUR",
      total: 112.81,
      subtotal: 89.9,
      tax: 18.01,
      shipping: 4.9,
      revenue: 94.8, // total − tax, shipping included: 1.3.8's definition (spec_amounts changes it)
      discount: 0,
      reporting_total: 112.81, // EUR is the default reporting currency: the same figures
      reporting_revenue: 94.8,
      products: [
        {
          name: "Medusa T-Shirt",
          variant: "SHIRT-BLACK-M",
          sku: "SHIRT-BLACK",
          price: 25,
          quantity: 2,
          category: "Summer Collection",
          subtitle: "Organic cotton",
          type: "Shirt",
          product_id: shirt.variant.product_id,
          reporting_revenue: 50,
        },
        {
          name: "Medusa Sweatpants",
          variant: "SWEAT-GREY-L",
          sku: "SWEAT-GREY",
          price: 39.9,
          quantity: 1,
          category: "Summer Collection",
          type: "Pants",
        },
      ],
    });
    expect(props(completed).shipping_methods).toEqual([
      expect.objectContaining({ price: 490, shipping_option: expect.objectContaining({ name: "Standard" }) }),
    ]);
  });

  it("order.shipment_created → Order Shipped with only the shipped products, at the shipped quantities", async () => {
    const { fulfillmentId } = await fulfillAndShip(client, order.id, [
      { item_id: shirt.id, quantity: 1 },
      { item_id: pants.id, quantity: 1 },
    ]);
    keep("order.shipment_created", order.id, "order-shipment-created.partial");

    const shipped = await receivedMessage(segment, track("Order Shipped", { order_id: order.id }));

    expect(props(shipped).total).toBe(112.81); // the whole order's amounts, as 1.3.8
    expect(props(shipped).products.map((p: any) => [p.variant, p.quantity])).toEqual([
      ["SHIRT-BLACK-M", 1],
      ["SWEAT-GREY-L", 1],
    ]);
    expect(shipped.timestamp).toEqual(expect.any(String));
    expect(fulfillmentId).toMatch(/^ful_/);
  });

  it("order.items_returned → Order Refunded with the returned product, its returned quantity, reason and note (1.3.8 never sent it)", async () => {
    const reason = await createReturnReason(client, "too_small", "Too small");
    const received = await requestAndReceiveReturn(client, order.id, [{ item_id: shirt.id, quantity: 1, reason_id: reason, note: "runs small" }]);
    keep("order.items_returned", order.id, "order-items-returned");

    const refunded = await receivedMessage(segment, track("Order Refunded", { order_id: order.id }));

    expect(props(refunded)).toMatchObject({
      return_id: received.id,
      refund_amount: 29.75, // 25.00 + 19 % tax
      currency: "EUR",
      products: [{ variant: "SHIRT-BLACK-M", quantity: 1, price: 25, reason_id: reason, reason_value: "too_small", note: "runs small" }],
    });
    expect(refunded.timestamp).toBe(new Date(received.received_at).toISOString());
  });

  it("claim.created → one Item Claimed per claimed item", async () => {
    const claim = await createRefundClaim(client, order.id, { item_id: pants.id, quantity: 1, note: "torn seam" });
    keep("claim.created", claim.id, "claim-created");

    const claimed = await receivedMessage(segment, track("Item Claimed", { claim_id: claim.id }));

    expect(props(claimed)).toMatchObject({
      order_id: order.id,
      type: "refund",
      quantity: 1,
      price: 39.9,
      reporting_price: 39.9,
      variant: "SWEAT-GREY-L",
      reason: "production_failure",
      note: "torn seam",
      tags: [{ value: "damaged" }],
    });
  });

  it("swap.created, swap.payment_completed, swap.shipment_created → Swap Created, Swap Confirmed, Swap Shipped", async () => {
    const { variants } = await lookups(client);
    const { swapId } = await swapAndShip(client, order.id, { item_id: shirt.id, quantity: 1 }, variants["SHIRT-BLACK-L"]!);
    keep("swap.created", swapId, "swap-created");
    keep("swap.payment_completed", swapId, "swap-payment-completed");
    keep("swap.shipment_created", swapId, "swap-shipment-created");

    const [created, confirmed, shipped] = await Promise.all(
      ["Swap Created", "Swap Confirmed", "Swap Shipped"].map((event) => receivedMessage(segment, track(event, { swap_id: swapId }))),
    );

    const report = {
      swap_id: swapId,
      order_id: order.id,
      currency: "eur", // lower case, as 1.3.8 sent it for swaps
      new_items: [{ name: "Medusa T-Shirt", variant: "SHIRT-BLACK-L", quantity: 1, price: 25, reporting_price: 25 }],
      return_items: [{ name: "Medusa T-Shirt", variant: "SHIRT-BLACK-M", quantity: 1, price: 25, reporting_price: 25 }],
    };
    expect(props(created)).toMatchObject(report);
    expect(props(created).total).toBeUndefined();
    // The difference the customer paid: the new shipping, 4.90 + 19 % tax.
    expect(props(confirmed)).toMatchObject({ ...report, total: 5.83, reporting_total: 5.83 });
    expect(props(shipped)).toMatchObject({ ...report, total: 5.83 });
  });
});

describe("what 1.3.8 got wrong", () => {
  // These checkouts do not depend on each other: they are placed at once, so that their events share the
  // staged-job enqueuer's 3-second rounds instead of waiting for one each.
  let placements: Record<"noAddress" | "customItem" | "usd" | "jpy" | "toDelete" | "toCancel", Promise<any>>;
  beforeAll(() => {
    placements = {
      noAddress: placeOrder(client, { region: "Benelux", items: [{ sku: "MUG-WHITE" }], address: false, email: "no-address@example.com" }),
      customItem: placeOrder(client, {
        region: "Germany",
        items: [{ sku: "MUG-WHITE" }],
        customItem: { title: "Gift wrapping", unit_price: 500, quantity: 1 },
        address: { country_code: "de", city: "Hamburg" },
      }),
      usd: placeOrder(client, { region: "United States", items: [{ sku: "SHIRT-BLACK-L" }], address: { country_code: "us", city: "Boston" } }),
      jpy: placeOrder(client, { region: "Japan", items: [{ sku: "SHIRT-BLACK-L", quantity: 3 }], address: { country_code: "jp", city: "Tokyo" } }),
      toDelete: placeOrder(client, {
        region: "Germany",
        items: [{ sku: "MUG-WHITE" }, { sku: "SHIRT-BLACK-L" }],
        address: { country_code: "de", city: "Munich" },
      }),
      toCancel: placeOrder(client, { region: "Germany", items: [{ sku: "SHIRT-BLACK-M" }], address: { country_code: "de", city: "Cologne" } }),
    };
    // Failures surface in the test that awaits the placement.
    for (const placement of Object.values(placements)) placement.catch(() => undefined);
  });

  it("an order without a shipping address: identify with the email only, Order Completed without shipping fields (1.3.8 crashed)", async () => {
    const placed = await placements.noAddress;
    keep("order.placed", placed.id, "order-placed.no-address");

    const completed = await receivedMessage(segment, track("Order Completed", { order_id: placed.id }));
    const identify = await receivedMessage(segment, (m) => m.type === "identify" && m.userId === placed.customer_id);

    expect(placed.shipping_address_id).toBeNull();
    expect(identify.traits).toEqual({ email: "no-address@example.com" });
    expect(props(completed).shipping_country).toBeUndefined();
    // The mug has no subtitle: the key stays, null, as 1.3.8 sent it.
    expect(props(completed)).toMatchObject({
      total: 22.27,
      products: [{ variant: "MUG-WHITE", sku: "MUG", price: 12.5, quantity: 1, subtitle: null }],
    });
  });

  it("a custom line item (no variant) is sent with its title, price and quantity (1.3.8 crashed)", async () => {
    const placed = await placements.customItem;
    keep("order.placed", placed.id, "order-placed.custom-item");

    const completed = await receivedMessage(segment, track("Order Completed", { order_id: placed.id }));

    expect(props(completed).products).toEqual([
      expect.objectContaining({ name: "Medusa Mug", variant: "MUG-WHITE" }),
      { name: "Gift wrapping", price: 5, quantity: 1, reporting_revenue: 5 },
    ]);
  });

  it("a USD order gets reporting_* values in EUR at the configured rate, with no network call (1.3.8 dropped it offline)", async () => {
    const placed = await placements.usd;
    keep("order.placed", placed.id, "order-placed.usd");

    const completed = await receivedMessage(segment, track("Order Completed", { order_id: placed.id }));

    // 27.00 + shipping 8.00, no tax; medusa-config.js: exchange_rates { USD: 0.92 }
    expect(props(completed)).toMatchObject({
      currency: "USD",
      total: 35,
      revenue: 35,
      reporting_total: 32.2,
      reporting_revenue: 32.2,
      reporting_shipping: 7.36,
    });
    expect(props(completed).products[0]).toMatchObject({ price: 27, reporting_revenue: 24.84 });
  });

  it("a JPY order's amounts are whole yen (a zero-decimal currency: not divided by 100); without a JPY rate, no reporting values", async () => {
    const placed = await placements.jpy;
    keep("order.placed", placed.id, "order-placed.jpy");

    const completed = await receivedMessage(segment, track("Order Completed", { order_id: placed.id }));

    expect(props(completed)).toMatchObject({
      currency: "JPY",
      total: 12320,
      subtotal: 10500,
      shipping: 700,
      tax: 1120,
      products: [{ price: 3500, quantity: 3 }],
    });
    expect(Object.keys(props(completed)).filter((key) => key.startsWith("reporting_"))).toEqual([]);
  });

  it("an order whose product was deleted since still gives Order Shipped (1.3.8 crashed)", async () => {
    const placed = await placements.toDelete;
    const { products } = await lookups(client);
    await deleteProduct(client, products.find((p: any) => p.handle === "mug").id);
    await fulfillAndShip(client, placed.id);
    keep("order.shipment_created", placed.id, "order-shipment-created.deleted-product");

    const shipped = await receivedMessage(segment, track("Order Shipped", { order_id: placed.id }));

    expect(props(shipped).products).toEqual([
      // The product is gone (its variant stays): no category or type, subtitle null; 1.3.8 threw on the product lookup.
      {
        name: "Medusa Mug",
        variant: "MUG-WHITE",
        sku: "MUG",
        product_id: expect.stringMatching(/^prod_/),
        subtitle: null,
        price: 12.5,
        quantity: 1,
        reporting_revenue: 12.5,
      },
      expect.objectContaining({ variant: "SHIRT-BLACK-L", quantity: 1 }),
    ]);
  });

  it("order.canceled → Order Cancelled, dated when it was canceled", async () => {
    const placed = await placements.toCancel;
    const canceled = await cancelOrder(client, placed.id);
    keep("order.canceled", placed.id, "order-canceled");

    const message = await receivedMessage(segment, track("Order Cancelled", { order_id: placed.id }));

    expect(message.timestamp).toBe(new Date(canceled.canceled_at).toISOString());
    // 25.00 + 19 % tax + shipping 4.90 + 19 % tax
    expect(props(message)).toMatchObject({ total: 35.58, currency: "EUR", products: [{ variant: "SHIRT-BLACK-M", quantity: 1 }] });
  });
});

describe("custom tracking with segmentService", () => {
  it("the documentation's customer.created subscriber sends Customer Created, without password_hash", async () => {
    const customer = await registerCustomer(client, "grace@example.com");

    const [created] = await receivedMessages(segment, 1, (m) => track("Customer Created")(m) && m.userId === customer.id);

    expect(props(created)).toMatchObject({ id: customer.id, email: "grace@example.com", first_name: "Grace", has_account: true });
    expect(JSON.stringify(created)).not.toMatch(/password/);
  });
});

describe("the calls as Segment received them", () => {
  it("every call is authenticated with the write key and carries a deterministic trackmap messageId (mapped calls)", () => {
    expect(segment.writeKeys).toEqual(["test-write-key"]);
    const mapped = segment.messages.filter((m) => m.event !== "Customer Created");
    expect(mapped.length).toBeGreaterThan(10);
    expect(mapped.every((m) => /^tm-[0-9a-f]{32}$/.test(String(m.messageId)))).toBe(true);
  });

  it("kept the captured inputs", () => {
    const captured = readdirSync(CAPTURE_DIR);
    for (const file of fixtures.keys()) expect(captured).toContain(file);
  });
});

describe("the durable outbox", () => {
  it("an order placed while Segment answers 500 arrives once Segment is back, each call once", async () => {
    segment.setFault({ status: 500 });
    const placed = await placeOrder(client, { region: "Germany", items: [{ sku: "SHIRT-BLACK-M" }], address: { country_code: "de", city: "Köln" } });
    // Refused twice at least: the first attempt and a retry, from the outbox in the store's database.
    await until(() => segment.requests.filter((request) => request.status === 500).length >= 2, "two refused attempts");
    expect(segment.messages.some(track("Order Completed", { order_id: placed.id }))).toBe(false);

    segment.clearFault();
    const completed = await receivedMessage(segment, track("Order Completed", { order_id: placed.id }));

    expect(segment.messages.filter((m) => m.messageId === completed.messageId)).toHaveLength(1);
    expect(props(completed)).toMatchObject({ shipping_city: "Köln", currency: "EUR" });
  });
});

describe("shutdown", () => {
  it("calls still queued when `medusa start` gets SIGTERM are flushed before it exits", async () => {
    expect(await medusa.stop()).toBe(0);
    // The same store, restarted with a queue that would hold the calls for ten minutes.
    medusa = await startMedusaV1(databaseUrl, {
      SEGMENT_WRITE_KEY: "test-write-key",
      SEGMENT_HOST: segment.url,
      SEGMENT_FLUSH_AT: "100",
      SEGMENT_FLUSH_INTERVAL: "600000",
      TRACKMAP_CAPTURE_DIR: CAPTURE_DIR,
    });
    client = storeClient(medusa.url);
    const placed = await placeOrder(client, {
      region: "Germany",
      items: [{ sku: "SHIRT-BLACK-L" }],
      address: { country_code: "de", city: "Bremen" },
    });
    // The capture subscriber writes its file after the plugin's subscriber started on the same event.
    await waitForFile(join(CAPTURE_DIR, `order.placed.${placed.id}.json`));
    expect(segment.messages.some(track("Order Completed", { order_id: placed.id }))).toBe(false);

    expect(await medusa.stop()).toBe(0);

    expect(segment.messages.some(track("Order Completed", { order_id: placed.id }))).toBe(true);
  }, 300_000); // a stop and a boot: over a minute on a loaded machine
});

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitForFile(path: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} was not written within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
