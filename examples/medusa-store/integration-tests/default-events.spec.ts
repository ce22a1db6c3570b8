import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import type { SegmentMessage } from "@trackmap/core/testing";
import {
  cancelOrder,
  createClaim,
  createCustomer,
  createExchange,
  fulfillAndShip,
  orderLineBySku,
  placeOrder,
  returnItems,
  seedStore,
  updateCustomer,
  type Seed,
} from "../src/store-flows";
import { startStoreSegment } from "./setup/storeSegment";

/**
 * The plugin as a store installs it, with the default mappings: every default event is
 * produced by Medusa's own workflows, and the payloads are checked as the local Segment
 * server received them from the real analytics-node client.
 */
const { segment, env } = await startStoreSegment();

/** The first message that matches, waiting for it to arrive (a guard, not a timed assertion). */
async function received(match: (message: SegmentMessage) => boolean, what: string): Promise<SegmentMessage> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = segment.messages.find(match);
    if (found) return found;
    if (Date.now() > deadline) {
      const seen = segment.messages.map((m) => `${m.type} ${m.event ?? ""}`).join(", ") || "nothing";
      throw new Error(`${what} never arrived at the Segment server; it received: ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const track = (event: string, orderId?: string) => (m: SegmentMessage) =>
  m.type === "track" && m.event === event && (!orderId || (m.properties as { order_id?: string })?.order_id === orderId);

medusaIntegrationTestRunner({
  cwd: `${__dirname}/..`,
  env,
  testSuite: ({ getContainer }) => {
    let seed: Seed;

    beforeAll(async () => {
      seed = await seedStore(getContainer());
    });
    afterAll(() => segment.close());

    it("order.placed → Order Completed and identify, for a registered customer", async () => {
      const order = await placeOrder(getContainer(), seed, {
        customer: "registered",
        items: [{ sku: "SHIRT-M-BLACK", quantity: 2 }, { sku: "MUG-WHITE" }],
        promotion: seed.promotion.code,
      });

      const completed = await received(track("Order Completed", order.orderId), "Order Completed");
      expect(completed).toMatchObject({
        userId: order.customerId,
        properties: { order_id: order.orderId, currency: "EUR", coupon: seed.promotion.code },
      });
      const properties = completed.properties as {
        subtotal: number;
        shipping: number;
        tax: number;
        total: number;
        products: Array<{ sku: string; quantity: number }>;
      };
      // Medusa returns an order's lines in no fixed order.
      expect(properties.products.map((p) => [p.sku, p.quantity]).sort()).toEqual([
        ["MUG-WHITE", 1],
        ["SHIRT-M-BLACK", 2],
      ]);
      expect(Math.round((properties.subtotal + properties.shipping + properties.tax) * 100)).toBe(Math.round(properties.total * 100));
      expect(completed.messageId).toMatch(/^tm-[0-9a-f]{32}$/);

      const identify = await received((m) => m.type === "identify" && m.userId === order.customerId, "identify");
      expect(identify).toMatchObject({ traits: { email: order.email } });
    });

    it("order.placed → Order Completed for a guest, by anonymousId, with no identify", async () => {
      const order = await placeOrder(getContainer(), seed, { customer: "guest", items: [{ sku: "SWEATPANTS-L" }] });

      const completed = await received(track("Order Completed", order.orderId), "Order Completed");
      expect(completed.userId).toBeUndefined();
      expect(completed.anonymousId).toBeTruthy();
    });

    it("order.canceled → Order Cancelled", async () => {
      const { orderId } = await placeOrder(getContainer(), seed, { customer: "guest", items: [{ sku: "SHIRT-S-WHITE" }] });
      await cancelOrder(getContainer(), orderId);

      expect(await received(track("Order Cancelled", orderId), "Order Cancelled")).toMatchObject({
        properties: { order_id: orderId, products: [{ sku: "SHIRT-S-WHITE", quantity: 1 }] },
      });
    });

    it("shipment.created → Order Shipped, with the shipped products only", async () => {
      const { orderId } = await placeOrder(getContainer(), seed, {
        customer: "guest",
        items: [{ sku: "SHIRT-L-BLACK", quantity: 2 }, { sku: "EBOOK-EPUB" }],
      });
      const shipped = await fulfillAndShip(getContainer(), orderId);

      const message = await received(track("Order Shipped", orderId), "Order Shipped");
      expect(message).toMatchObject({ properties: { fulfillment_id: shipped.fulfillmentId } });
      expect((message.properties as { products: Array<{ sku: string }> }).products.map((p) => p.sku)).toEqual(["SHIRT-L-BLACK"]);
    });

    it("order.return_received → Order Refunded, with the returned quantity, reason and note", async () => {
      const { orderId } = await placeOrder(getContainer(), seed, { customer: "guest", items: [{ sku: "SHIRT-M-WHITE", quantity: 2 }] });
      await fulfillAndShip(getContainer(), orderId);
      const line = await orderLineBySku(getContainer(), orderId, "SHIRT-M-WHITE");
      await returnItems(getContainer(), seed, orderId, { items: [{ id: line.id, quantity: 1, reason: "wrong_size", note: "Too small" }] });

      expect(await received(track("Order Refunded", orderId), "Order Refunded")).toMatchObject({
        properties: { order_id: orderId, products: [{ sku: "SHIRT-M-WHITE", quantity: 1, reason: "wrong_size", note: "Too small" }] },
      });
    });

    it("order.claim_created → one Item Claimed per claimed item", async () => {
      const { orderId } = await placeOrder(getContainer(), seed, { customer: "guest", items: [{ sku: "MUG-WHITE", quantity: 2 }] });
      await fulfillAndShip(getContainer(), orderId);
      const line = await orderLineBySku(getContainer(), orderId, "MUG-WHITE");
      const claim = await createClaim(getContainer(), seed, orderId, {
        type: "replace",
        items: [{ id: line.id, quantity: 1, reason: "production_failure", note: "Arrived cracked" }],
        newItems: [{ sku: "MUG-WHITE" }],
      });

      expect(await received(track("Item Claimed", orderId), "Item Claimed")).toMatchObject({
        properties: { claim_id: claim.claimId, claim_type: "replace", sku: "MUG-WHITE", quantity: 1, reason: "production_failure" },
      });
    });

    it("order.exchange_created → Swap Created, with new and returned items", async () => {
      const { orderId } = await placeOrder(getContainer(), seed, { customer: "guest", items: [{ sku: "SHIRT-S-BLACK" }] });
      await fulfillAndShip(getContainer(), orderId);
      const line = await orderLineBySku(getContainer(), orderId, "SHIRT-S-BLACK");
      const exchange = await createExchange(getContainer(), seed, orderId, {
        returnItems: [{ id: line.id, quantity: 1, reason: "wrong_size" }],
        newItems: [{ sku: "SHIRT-L-BLACK" }],
      });

      expect(await received(track("Swap Created", orderId), "Swap Created")).toMatchObject({
        properties: {
          exchange_id: exchange.exchangeId,
          new_items: [{ sku: "SHIRT-L-BLACK", quantity: 1 }],
          return_items: [{ sku: "SHIRT-S-BLACK", quantity: 1 }],
        },
      });
    });

    it("customer.created and customer.updated → identify with the current traits", async () => {
      const created = await createCustomer(getContainer(), { first_name: "Grace", last_name: "Hopper" });
      await received((m) => m.type === "identify" && m.userId === created.customerId, "identify after sign-up");

      await updateCustomer(getContainer(), created.customerId, { last_name: "Murray Hopper" });
      const updated = await received(
        (m) => m.type === "identify" && m.userId === created.customerId && (m.traits as { lastName?: string })?.lastName === "Murray Hopper",
        "identify after the update",
      );
      expect(updated.traits).toMatchObject({ firstName: "Grace", email: created.email });
      expect(JSON.stringify(updated)).not.toMatch(/password/i);
    });
  },
});
