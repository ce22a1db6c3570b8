import { join } from "node:path";
import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils";
import { createCustomersWorkflow, createSalesChannelsWorkflow } from "@medusajs/medusa/core-flows";
import type { SegmentService } from "@trackmap/medusa/modules/segment";
import { placeSimpleOrder } from "./setup/placeSimpleOrder";
import { startStoreSegment } from "./setup/storeSegment";
import { until } from "./setup/until";

/**
 * Store mappings that would stall or kill a store if they ran on its main thread: a backtracking
 * regular expression fed a long email, and a 200-million-character string. The plugin maps events
 * in worker processes with a budget: the store answers meanwhile, orders complete and their calls
 * arrive, and each bad event is reported with its code, its event and its mapping, and kept dead in the
 * outbox with its reason, to be mapped again (resend) once the mapping is fixed.
 */
const { segment, env } = await startStoreSegment({ TRACKMAP_MAPPINGS: join(__dirname, "runaway-mappings") });
/** Minutes of backtracking: far past the one-second budget. */
const SLOW_EMAIL = `${"a".repeat(40)}@shop.com!`;

medusaIntegrationTestRunner({
  cwd: join(__dirname, ".."),
  env,
  testSuite: ({ getContainer, api }) => {
    afterAll(() => segment.close());
    const service = () => getContainer().resolve<SegmentService>("segmentService");

    it("stops a runaway regex and a giant allocation at the budget; the store answers, other events arrive, the bad ones stay dead", async () => {
      const logger = getContainer().resolve(ContainerRegistrationKeys.LOGGER);
      const warnings: string[] = [];
      const warn = vi.spyOn(logger, "warn").mockImplementation((message: string) => void warnings.push(message));
      try {
        await createCustomersWorkflow(getContainer()).run({ input: { customersData: [{ email: SLOW_EMAIL }] } });
        await createSalesChannelsWorkflow(getContainer()).run({ input: { salesChannelsData: [{ name: "Padded" }] } });

        // While both run in their workers, the store's HTTP server answers and an order goes through.
        const health = await api.get("/health");
        expect(health.status).toBe(200);
        const orderId = await placeSimpleOrder(getContainer(), "fr");
        const received = () => segment.messages.map((m) => m.event ?? m.type).join(", ");
        await until(
          () => segment.messages.some((m) => m.event === "Order Completed"),
          () => `Order Completed; received: ${received()}`,
          30_000,
        );
        expect(segment.messages.find((m) => m.event === "Order Completed")?.properties).toMatchObject({ order_id: orderId });

        const reported = (event: string) => warnings.find((line) => line.startsWith(`[trackmap] ${event}: `));
        await until(
          () => Boolean(reported("customer.created") && reported("sales-channel.created")),
          () => `both reported; warnings: ${warnings.join("\n")}`,
          30_000,
        );
        expect(reported("customer.created")).toMatch(/runaway-mappings\/customer-created\.yaml:\d+:\d+: TM_EVAL_TIMEOUT .*budget of 1000 ms/);
        // The worker's heap fills in about a second: on a busy machine the budget may stop it first.
        expect(reported("sales-channel.created")).toMatch(/runaway-mappings\/sales-channel-created\.yaml:\d+:\d+: TM_EVAL_(MEMORY|TIMEOUT) /);
        expect(segment.messages.filter((m) => m.event === "Customer Checked" || m.event === "Sales Channel Padded")).toEqual([]);
      } finally {
        warn.mockRestore();
      }

      // Each bad event is dead in the outbox with its code. Mappings are loaded once per process (and the workers
      // refuse files changed on disk), so a fixed mapping needs a restart: here the events are re-sent with the same
      // bad mappings, and stay dead with the reason of the new attempt. (The runner empties the database between tests.)
      const deadEvents = async () => (await service().listDeadCalls(20)).filter((record) => record.event);
      await until(async () => (await deadEvents()).length === 2, "both bad events dead in the outbox", 30_000);
      const dead = await deadEvents();
      const byEvent = (name: string) => dead.find((record) => record.source?.event === name)!;
      const [customer] = await getContainer().resolve(Modules.CUSTOMER).listCustomers({ email: SLOW_EMAIL });

      expect(byEvent("customer.created")).toMatchObject({
        messageId: expect.stringMatching(/^tm-event-/),
        event: { name: "customer.created", data: { id: customer!.id } },
        source: { event: "customer.created", entityIds: [customer!.id] },
        status: "dead",
        lastError: expect.stringMatching(/customer-created\.yaml:\d+:\d+: TM_EVAL_TIMEOUT /),
      });
      expect(byEvent("customer.created").lastError).not.toContain(SLOW_EMAIL);
      expect(byEvent("sales-channel.created").lastError).toMatch(/sales-channel-created\.yaml:\d+:\d+: TM_EVAL_(MEMORY|TIMEOUT) /);
      expect(await service().listOutboxForEntity(customer!.id)).toEqual([byEvent("customer.created")]);

      const ids = dead.map((record) => record.messageId);
      expect(await service().resendDeadCalls(ids, getContainer())).toBe(0);

      const again = await deadEvents();
      expect(again.map((record) => record.messageId).sort()).toEqual([...ids].sort());
      expect(again.find((record) => record.source?.event === "customer.created")?.lastError).toMatch(/TM_EVAL_TIMEOUT /);
      expect(segment.messages.filter((m) => m.event === "Customer Checked" || m.event === "Sales Channel Padded")).toEqual([]);
    });
  },
});
