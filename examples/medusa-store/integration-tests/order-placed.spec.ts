import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import {
  completeCartWorkflow,
  createCartWorkflow,
  createPaymentCollectionForCartWorkflow,
  createPaymentSessionsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
} from "@medusajs/medusa/core-flows";
import { startStoreSegment } from "./setup/storeSegment";

const { segment, env } = await startStoreSegment();

medusaIntegrationTestRunner({
  cwd: `${__dirname}/..`,
  env,
  testSuite: ({ getContainer }) => {
    afterAll(() => segment.close());

    it("sends Order Completed when a cart is completed", async () => {
      const container = getContainer();
      const {
        result: [region],
      } = await createRegionsWorkflow(container).run({
        input: { regions: [{ name: "Europe", currency_code: "eur", countries: ["de"], payment_providers: ["pp_system_default"] }] },
      });
      const {
        result: [channel],
      } = await createSalesChannelsWorkflow(container).run({
        input: { salesChannelsData: [{ name: "Webshop" }] },
      });
      const { result: cart } = await createCartWorkflow(container).run({
        input: {
          region_id: region!.id,
          sales_channel_id: channel!.id,
          email: "ada@example.com",
          currency_code: "eur",
          items: [{ title: "Gift card", unit_price: 25, quantity: 2, requires_shipping: false }],
        },
      });
      const { result: collection } = await createPaymentCollectionForCartWorkflow(container).run({ input: { cart_id: cart.id } });
      await createPaymentSessionsWorkflow(container).run({
        input: { payment_collection_id: collection.id, provider_id: "pp_system_default" },
      });
      const { result: order } = await completeCartWorkflow(container).run({ input: { id: cart.id } });

      const messages = await segment.waitForMessages(1, 30_000);
      const completed = messages.find((m) => m.type === "track" && m.event === "Order Completed");
      expect(completed).toMatchObject({
        event: "Order Completed",
        properties: { order_id: order.id, currency: "EUR", total: 50 },
      });
    });
  },
});
