import { join, resolve } from "node:path";
import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import {
  cancelOrder,
  createClaim,
  createCustomer,
  createExchange,
  deleteVariant,
  FIXTURE_FIELDS,
  fulfillAndShip,
  orderLineBySku,
  placeOrder,
  returnItems,
  seedStore,
  STICKER_COUNT,
  updateCustomer,
  variantId,
  writeFixture,
  type EmittedEvent,
  type PlaceOrderOptions,
  type Seed,
} from "../src/store-flows";
import { startStoreSegment } from "./setup/storeSegment";

/**
 * Writes the fixtures the default mappings are developed and tested against: real Medusa records,
 * produced by Medusa's own workflows and loaded with Query, each next to the event that announced
 * it. Off by default (it rewrites tracked files, with new ids and dates each time):
 *
 *   WRITE_FIXTURES=1 pnpm test integration-tests/fixtures.spec.ts
 *
 * Output: mappings/fixtures/generated/<name>.json, or FIXTURES_DIR.
 */
const OUT_DIR = process.env.FIXTURES_DIR ?? resolve(__dirname, "../../../mappings/fixtures/generated");

if (!process.env.WRITE_FIXTURES) {
  describe.skip("fixtures (set WRITE_FIXTURES=1 to write them)", () => {
    it("writes mappings/fixtures/generated/*.json", () => {});
  });
} else {
  const { segment, env } = await startStoreSegment();

  medusaIntegrationTestRunner({
    cwd: `${__dirname}/..`,
    env,
    testSuite: ({ getContainer }) => {
      let seed: Seed;
      const written: string[] = [];

      beforeAll(async () => {
        seed = await seedStore(getContainer());
      });
      afterAll(async () => {
        await segment.close();
        console.log(`Wrote ${written.length} fixtures to ${OUT_DIR}:\n  ${written.join("\n  ")}`);
      });

      /** One test, one database: no snapshot restore between scenarios. */
      it("writes every fixture", async () => {
        const container = getContainer();
        // Records by name → [Query entity (a FIXTURE_FIELDS key), id].
        const write = async (name: string, event: EmittedEvent, records: Record<string, [keyof typeof FIXTURE_FIELDS, string]>) => {
          const specs = Object.fromEntries(
            Object.entries(records).map(([record, [entity, id]]) => [record, { entity, id, fields: FIXTURE_FIELDS[entity] }]),
          );
          await writeFixture(container, join(OUT_DIR, `${name}.json`), event, specs);
          written.push(`${name}.json`);
        };
        const order = (name: string, placed: { event: EmittedEvent; orderId: string }) =>
          write(name, placed.event, { order: ["order", placed.orderId] });
        /** return / claim / exchange events carry order_id: the order is loaded on its own, as a mapping should. */
        const withOrder = (event: EmittedEvent) => ["order", (event.data as { order_id: string }).order_id] as [keyof typeof FIXTURE_FIELDS, string];
        const place = (options: PlaceOrderOptions) => placeOrder(container, seed, options);

        // order.placed, one per case the Order Completed mapping must handle.
        await order(
          "order-placed.registered",
          await place({
            customer: "registered",
            items: [{ sku: "SHIRT-M-BLACK", quantity: 2 }, { sku: "SWEATPANTS-L" }],
            metadata: { segment_anonymous_id: "anon-7f3c2a" },
          }),
        );
        await order("order-placed.guest", await place({ customer: "guest", items: [{ sku: "SHIRT-S-WHITE" }, { sku: "SWEATPANTS-M" }] }));
        await order(
          "order-placed.promotion",
          await place({
            customer: "registered",
            items: [{ sku: "SHIRT-L-BLACK", quantity: 2 }, { sku: "SWEATPANTS-S" }],
            promotion: seed.promotion.code,
          }),
        );
        await order(
          "order-placed.tax-inclusive",
          await place({ customer: "guest", region: "at", items: [{ sku: "SHIRT-M-WHITE" }, { sku: "SWEATPANTS-M" }] }),
        );
        await order("order-placed.jpy", await place({ customer: "registered", region: "jp", items: [{ sku: "SHIRT-S-BLACK", quantity: 3 }] }));
        await order("order-placed.digital", await place({ customer: "guest", shippingAddress: false, items: [{ sku: "EBOOK-EPUB" }] }));

        const mugOrder = await place({ customer: "guest", items: [{ sku: "MUG-WHITE" }, { sku: "SHIRT-M-BLACK" }] });
        await deleteVariant(container, variantId(seed, "MUG-WHITE"));
        await order("order-placed.deleted-variant", mugOrder);

        const stickers = Array.from({ length: STICKER_COUNT }, (_, i) => ({
          sku: `STICKER-${String(i + 1).padStart(3, "0")}`,
          quantity: (i % 3) + 1,
        }));
        await order("order-placed.200-lines", await place({ customer: "guest", items: stickers }));

        // order.canceled
        const toCancel = await place({ customer: "registered", items: [{ sku: "SWEATPANTS-S" }] });
        await order("order-canceled", await cancelOrder(container, toCancel.orderId));

        // shipment.created: the event names the fulfillment; the mapping then loads the order by its link's id.
        const shippedOrder = await place({
          customer: "registered",
          items: [{ sku: "SHIRT-L-WHITE", quantity: 2 }, { sku: "EBOOK-EPUB" }],
          promotion: seed.promotion.code,
        });
        const shipped = await fulfillAndShip(container, shippedOrder.orderId);
        await write("shipment-created", shipped.event, {
          fulfillment: ["fulfillment", shipped.fulfillmentId],
          order: ["order", shippedOrder.orderId],
        });

        // order.return_received: one of two shirts back, with reason and note.
        const returned = await returnItems(container, seed, shippedOrder.orderId, {
          items: [
            { id: (await orderLineBySku(container, shippedOrder.orderId, "SHIRT-L-WHITE")).id, quantity: 1, reason: "wrong_size", note: "Too small" },
          ],
        });
        await write("order-return-received", returned.event, { return: ["return", returned.returnId], order: withOrder(returned.event) });

        // order.claim_created: a damaged shirt replaced.
        const claimed = await place({ customer: "guest", items: [{ sku: "SHIRT-M-BLACK" }, { sku: "SWEATPANTS-L" }] });
        await fulfillAndShip(container, claimed.orderId);
        const claim = await createClaim(container, seed, claimed.orderId, {
          type: "replace",
          items: [
            {
              id: (await orderLineBySku(container, claimed.orderId, "SHIRT-M-BLACK")).id,
              quantity: 1,
              reason: "production_failure",
              note: "Seam came apart",
            },
          ],
          newItems: [{ sku: "SHIRT-M-BLACK" }],
        });
        await write("order-claim-created", claim.event, { claim: ["order_claim", claim.claimId], order: withOrder(claim.event) });

        // order.exchange_created: a size S exchanged for an L.
        const exchanged = await place({ customer: "registered", items: [{ sku: "SHIRT-S-BLACK" }] });
        await fulfillAndShip(container, exchanged.orderId);
        const exchange = await createExchange(container, seed, exchanged.orderId, {
          returnItems: [
            { id: (await orderLineBySku(container, exchanged.orderId, "SHIRT-S-BLACK")).id, quantity: 1, reason: "wrong_size", note: "Too small" },
          ],
          newItems: [{ sku: "SHIRT-L-BLACK" }],
        });
        await write("order-exchange-created", exchange.event, {
          exchange: ["order_exchange", exchange.exchangeId],
          order: withOrder(exchange.event),
        });

        // customer.created / customer.updated
        const customer = await createCustomer(container, {
          first_name: "Grace",
          last_name: "Hopper",
          phone: "+1 555 0100",
          metadata: { newsletter: true },
        });
        await write("customer-created", customer.event, { customer: ["customer", customer.customerId] });
        const updated = await updateCustomer(container, customer.customerId, { last_name: "Murray Hopper", company_name: "US Navy" });
        await write("customer-updated", updated.event, { customer: ["customer", customer.customerId] });
      });
    },
  });
}
