import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import {
  cancelOrder,
  capturePayment,
  createClaim,
  createCustomer,
  createExchange,
  deleteVariant,
  fulfillAndShip,
  orderLineBySku,
  placeOrder,
  recordEvents,
  returnItems,
  seedStore,
  updateCustomer,
  variantId,
  type EventRecorder,
  type Seed,
} from "../src/store-flows";
import { startStoreSegment } from "./setup/storeSegment";

// The plugin under test is loaded too and handles these events; give it a Segment to talk to.
const { segment, env } = await startStoreSegment({
  // This spec checks Medusa's events only: the plugin need not map them (default-events.spec.ts does).
  TRACKMAP_DISABLE:
    "order.placed,order.canceled,shipment.created,order.return_received,order.claim_created,order.exchange_created,customer.created,customer.updated",
});

/**
 * Proves that each store helper makes Medusa emit its event, with the payload REFERENCE §2 lists.
 * One app boot: the store is seeded once (beforeAll, so it is in the runner's per-test snapshot)
 * and every test starts from it. Payloads are read from the event bus by a `*` subscription,
 * exactly as subscribers receive them.
 */
medusaIntegrationTestRunner({
  cwd: `${__dirname}/..`,
  env,
  testSuite: ({ getContainer }) => {
    let seed: Seed;
    let bus: EventRecorder;

    beforeAll(async () => {
      seed = await seedStore(getContainer());
      bus = recordEvents(getContainer());
    });
    afterAll(async () => {
      bus?.stop();
      await segment.close();
    });

    it("order.placed { id } for a registered customer, after customer.created { id }", async () => {
      const order = await placeOrder(getContainer(), seed, { customer: "registered", items: [{ sku: "SHIRT-M-BLACK", quantity: 2 }] });

      expect(order.event).toEqual({ name: "order.placed", data: { id: order.orderId }, metadata: expect.any(Object) });
      expect(bus.named("customer.created").map((e) => e.data)).toContainEqual({ id: order.customerId });
    });

    it("order.placed for a guest, whose customer gets no customer.created", async () => {
      const order = await placeOrder(getContainer(), seed, { customer: "guest", items: [{ sku: "SWEATPANTS-L" }] });

      expect(order.event.data).toEqual({ id: order.orderId });
      expect(order.customerId).toMatch(/^cus_/);
      expect(bus.named("customer.created").map((e) => e.data)).not.toContainEqual({ id: order.customerId });
    });

    it("order.canceled { id }", async () => {
      const { orderId } = await placeOrder(getContainer(), seed, { customer: "guest", items: [{ sku: "SHIRT-S-WHITE" }] });
      const canceled = await cancelOrder(getContainer(), orderId);

      expect(canceled.event.data).toEqual({ id: orderId });
    });

    it("shipment.created { id: fulfillment id }, after order.fulfillment_created { order_id, fulfillment_id }", async () => {
      const { orderId } = await placeOrder(getContainer(), seed, { customer: "guest", items: [{ sku: "SHIRT-L-BLACK" }, { sku: "EBOOK-EPUB" }] });
      const shipped = await fulfillAndShip(getContainer(), orderId);

      // `no_notification` is in the payload only when the caller set it: workflow events are
      // JSON round-tripped before publication, so an undefined key disappears.
      expect(shipped.event.data).toStrictEqual({ id: shipped.fulfillmentId });
      const created = await bus.waitFor("order.fulfillment_created", (data) => data.fulfillment_id === shipped.fulfillmentId);
      expect(created.data).toStrictEqual({ order_id: orderId, fulfillment_id: shipped.fulfillmentId });
    });

    it("payment.captured { id: payment id }", async () => {
      const { orderId } = await placeOrder(getContainer(), seed, { customer: "guest", items: [{ sku: "MUG-WHITE" }] });
      const captured = await capturePayment(getContainer(), orderId);

      expect(captured.event.data).toEqual({ id: captured.paymentId });
      expect(captured.paymentId).toMatch(/^pay_/);
    });

    it("order.return_received { order_id, return_id }, after order.return_requested", async () => {
      const { orderId } = await placeOrder(getContainer(), seed, { customer: "guest", items: [{ sku: "SHIRT-M-WHITE", quantity: 2 }] });
      await fulfillAndShip(getContainer(), orderId);
      const line = await orderLineBySku(getContainer(), orderId, "SHIRT-M-WHITE");
      const returned = await returnItems(getContainer(), seed, orderId, {
        items: [{ id: line.id, quantity: 1, reason: "wrong_size", note: "Too small" }],
      });

      expect(returned.event.data).toEqual({ order_id: orderId, return_id: returned.returnId });
      const requested = await bus.waitFor("order.return_requested", (data) => data.return_id === returned.returnId);
      expect(requested.data).toEqual({ order_id: orderId, return_id: returned.returnId });
    });

    it("order.claim_created { order_id, claim_id }", async () => {
      const { orderId } = await placeOrder(getContainer(), seed, { customer: "guest", items: [{ sku: "MUG-WHITE", quantity: 2 }] });
      await fulfillAndShip(getContainer(), orderId);
      const line = await orderLineBySku(getContainer(), orderId, "MUG-WHITE");
      const claim = await createClaim(getContainer(), seed, orderId, {
        type: "replace",
        items: [{ id: line.id, quantity: 1, reason: "production_failure", note: "Arrived cracked" }],
        newItems: [{ sku: "MUG-WHITE" }],
      });

      expect(claim.event.data).toEqual({ order_id: orderId, claim_id: claim.claimId });
    });

    it("order.exchange_created { order_id, exchange_id }", async () => {
      const { orderId } = await placeOrder(getContainer(), seed, { customer: "guest", items: [{ sku: "SHIRT-S-BLACK" }] });
      await fulfillAndShip(getContainer(), orderId);
      const line = await orderLineBySku(getContainer(), orderId, "SHIRT-S-BLACK");
      const exchange = await createExchange(getContainer(), seed, orderId, {
        returnItems: [{ id: line.id, quantity: 1, reason: "wrong_size" }],
        newItems: [{ sku: "SHIRT-L-BLACK" }],
      });

      expect(exchange.event.data).toEqual({ order_id: orderId, exchange_id: exchange.exchangeId });
    });

    it("customer.created { id } and customer.updated { id }", async () => {
      const created = await createCustomer(getContainer(), { first_name: "Grace", last_name: "Hopper" });
      expect(created.event.data).toEqual({ id: created.customerId });

      const updated = await updateCustomer(getContainer(), created.customerId, { last_name: "Murray Hopper", phone: "+1 555 0100" });
      expect(updated.event.data).toEqual({ id: created.customerId });
    });

    it("a deleted variant leaves the order's line snapshot in place", async () => {
      const { orderId } = await placeOrder(getContainer(), seed, { customer: "guest", items: [{ sku: "MUG-WHITE" }] });
      await deleteVariant(getContainer(), variantId(seed, "MUG-WHITE"));

      const line = await orderLineBySku(getContainer(), orderId, "MUG-WHITE");
      expect(line.quantity).toBe(1);
    });
  },
});
