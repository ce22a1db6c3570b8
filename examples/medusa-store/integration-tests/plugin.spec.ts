import type { SegmentService } from "@trackmap/medusa/modules/segment";
import { join } from "node:path";
import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils";
import {
  completeCartWorkflow,
  createCartWorkflow,
  createCustomersWorkflow,
  createPaymentCollectionForCartWorkflow,
  createPaymentSessionsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
} from "@medusajs/medusa/core-flows";
import type { SegmentMessage } from "@trackmap/core/testing";
import { startStoreSegment } from "./setup/storeSegment";

// The store layers its own mapping folder over the defaults, as the README shows.
const { segment, env } = await startStoreSegment({
  TRACKMAP_MAPPINGS: join(__dirname, "store-mappings"),
  // The default customer.created mapping (identify) is switched off for this store.
  TRACKMAP_DISABLE: "customer.created",
});

async function receivedTrack(event: string): Promise<SegmentMessage> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = segment.messages.find((m) => m.type === "track" && m.event === event);
    if (found) return found;
    if (Date.now() > deadline) {
      throw new Error(`"${event}" never arrived; received: ${segment.messages.map((m) => m.event ?? m.type).join(", ")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

medusaIntegrationTestRunner({
  cwd: join(__dirname, ".."),
  env,
  testSuite: ({ getContainer }) => {
    afterAll(() => segment.close());

    it("maps a Medusa event the defaults do not handle, from the store's own file", async () => {
      const {
        result: [region],
      } = await createRegionsWorkflow(getContainer()).run({
        input: { regions: [{ name: "Europe", currency_code: "eur", countries: ["de"], payment_providers: ["pp_system_default"] }] },
      });

      expect(await receivedTrack("Region Created")).toMatchObject({
        anonymousId: "store-admin",
        properties: { region_id: region!.id, name: "Europe", currency: "EUR" },
      });
    });

    it("logs a mapping that fails with its event and file, and the other events still arrive", async () => {
      const logger = getContainer().resolve(ContainerRegistrationKeys.LOGGER);
      const warnings: string[] = [];
      const warn = vi.spyOn(logger, "warn").mockImplementation((message: string) => void warnings.push(message));

      await createSalesChannelsWorkflow(getContainer()).run({ input: { salesChannelsData: [{ name: "Outlet" }] } });
      await createRegionsWorkflow(getContainer()).run({
        input: { regions: [{ name: "Japan", currency_code: "jpy", countries: ["jp"] }] },
      });

      await vi.waitFor(() => expect(segment.messages.filter((m) => m.event === "Region Created")).toHaveLength(2), { timeout: 20_000 });
      warn.mockRestore();
      expect(warnings.join("\n")).toMatch(
        /\[trackmap\] sales-channel\.created: .*store-mappings\/sales-channel-created\.yaml:\d+:\d+: TM_EVAL_ERROR D3030/,
      );
      expect(segment.messages.some((m) => m.event === "Sales Channel Created")).toBe(false);
    });

    it("uses the store's override of a default mapping", async () => {
      const container = getContainer();
      const {
        result: [region],
      } = await createRegionsWorkflow(container).run({
        input: { regions: [{ name: "France", currency_code: "eur", countries: ["fr"], payment_providers: ["pp_system_default"] }] },
      });
      const { result: cart } = await createCartWorkflow(container).run({
        input: {
          region_id: region!.id,
          email: "guest@example.com",
          items: [{ title: "Gift card", unit_price: 30, quantity: 1, requires_shipping: false }],
        },
      });
      const { result: collection } = await createPaymentCollectionForCartWorkflow(container).run({ input: { cart_id: cart.id } });
      await createPaymentSessionsWorkflow(container).run({ input: { payment_collection_id: collection.id, provider_id: "pp_system_default" } });
      const { result: order } = await completeCartWorkflow(container).run({ input: { id: cart.id } });

      expect(await receivedTrack("Order Placed (store)")).toMatchObject({ properties: { order_id: order.id, total: 30 } });
      expect(segment.messages.some((m) => m.event === "Order Completed")).toBe(false);
    });

    it("runs v1's documented custom subscriber with segmentService.track, password_hash removed", async () => {
      const {
        result: [customer],
      } = await createCustomersWorkflow(getContainer()).run({
        input: { customersData: [{ email: "grace@example.com", first_name: "Grace", metadata: { password_hash: "c2NyeXB0", plan: "gold" } }] },
      });

      const created = await receivedTrack("Customer Created");
      expect(created).toMatchObject({ userId: customer!.id, properties: { email: "grace@example.com", metadata: { plan: "gold" } } });
      expect(JSON.stringify(created)).not.toContain("password_hash");
      // `disable: ["customer.created"]`: the default identify for it is not sent.
      expect(segment.messages.some((m) => m.type === "identify" && m.userId === customer!.id)).toBe(false);
    });

    it("tracks a custom event through a one-line subscriber and the store's mapping", async () => {
      const eventBus = getContainer().resolve(Modules.EVENT_BUS);
      await eventBus.emit({ name: "loyalty.points_earned", data: { customer_id: "cus_42", points: 120 } });

      expect(await receivedTrack("Loyalty Points Earned")).toMatchObject({ userId: "cus_42", properties: { points: 120 } });
    });

    it("sends hand-written calls from segmentService and from Medusa's Analytics Module", async () => {
      const segmentService = getContainer().resolve<SegmentService>("segmentService");
      await segmentService.identify({ userId: "cus_7", traits: { email: "ada@example.com" } });
      await getContainer()
        .resolve(Modules.ANALYTICS)
        .track({ event: "Report Exported", actor_id: "user_1", properties: { rows: 12 } });

      expect(await receivedTrack("Report Exported")).toMatchObject({ userId: "user_1", properties: { rows: 12 } });
      await vi.waitFor(() => expect(segment.messages.find((m) => m.type === "identify")).toMatchObject({ userId: "cus_7" }), { timeout: 20_000 });
      await expect(segmentService.track({ event: "", userId: "u" })).rejects.toThrow("event (the track event name) is required");
    });
  },
});
