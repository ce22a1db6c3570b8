import type { SegmentService } from "@trackmap/medusa/modules/segment";
import { join } from "node:path";
import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { createCustomersWorkflow } from "@medusajs/medusa/core-flows";
import { startStoreSegment } from "./setup/storeSegment";

// No write key: the plugin logs what it would send, and sends nothing.
const { segment, env } = await startStoreSegment({
  SEGMENT_WRITE_KEY: "",
});

medusaIntegrationTestRunner({
  cwd: join(__dirname, ".."),
  env,
  testSuite: ({ getContainer }) => {
    afterAll(() => segment.close());

    it("logs the calls it would send and sends nothing", async () => {
      const logger = getContainer().resolve(ContainerRegistrationKeys.LOGGER);
      const lines: string[] = [];
      const info = vi.spyOn(logger, "info").mockImplementation((message: string) => void lines.push(message));

      await createCustomersWorkflow(getContainer()).run({ input: { customersData: [{ email: "dry@example.com" }] } });
      await getContainer().resolve<SegmentService>("segmentService").track({ event: "Dry Run Checked", userId: "cus_dry" });

      await vi.waitFor(() => expect(lines.join("\n")).toContain('[trackmap] dry run, not sent: track "Customer Created"'), {
        timeout: 20_000,
      });
      info.mockRestore();
      expect(lines.join("\n")).toContain('[trackmap] dry run, not sent: track "Dry Run Checked"  userId=cus_dry');
      // Give a real client time to flush, had there been one.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(segment.requests).toEqual([]);
    });
  },
});
