import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import { createMappingTester } from "@trackmap/core/testing";
import { createCustomer, placeOrder, seedStore, type Seed } from "../src/store-flows";
import { startMedusaProcess } from "./setup/medusaProcess";

/**
 * A mapping author captures real input from the store: the plugin's `medusa exec` script loads the
 * records the event's mapping declares, as the plugin does, and writes fixtures the test kit reads.
 */
const SCRIPT = "./node_modules/@trackmap/medusa/.medusa/server/src/scripts/capture.js";
const DEFAULT_MAPPINGS = resolve(__dirname, "../../../mappings");

medusaIntegrationTestRunner({
  cwd: `${__dirname}/..`,
  env: {},
  testSuite: ({ getContainer, dbConfig }) => {
    let seed: Seed;
    let out: string;

    beforeAll(async () => {
      seed = await seedStore(getContainer());
      out = await mkdtemp(join(tmpdir(), "trackmap-capture-"));
    });
    afterAll(() => rm(out, { recursive: true, force: true }));

    const capture = async (args: string[]) => {
      const script = startMedusaProcess(["exec", SCRIPT, ...args, `out=${out}`, "--json"], { DATABASE_URL: dbConfig.clientUrl });
      const code = await script.exited;
      if (code !== 0) throw new Error(`capture exited with ${code}:\n${script.output().slice(-4000)}`);
      const [, json] = /(\{"written":.*\})/.exec(script.output()) ?? [];
      return (JSON.parse(json ?? "{}") as { written: string[] }).written;
    };

    it("writes an order.placed fixture that the default mapping turns into Order Completed", async () => {
      const placed = await placeOrder(getContainer(), seed, { customer: "registered", items: [{ sku: "SHIRT-M-BLACK", quantity: 2 }] });

      const written = await capture(["order.placed", placed.orderId]);

      expect(written).toEqual([join(out, `order-placed.${placed.orderId}.json`)]);
      const fixture = JSON.parse(await readFile(join(out, `order-placed.${placed.orderId}.json`), "utf8"));
      expect(fixture.event).toEqual({ name: "order.placed", data: { id: placed.orderId } });
      expect(fixture.order).toMatchObject({ id: placed.orderId, email: placed.email, items: [expect.objectContaining({ quantity: 2 })] });
      const tester = await createMappingTester({ mappings: [DEFAULT_MAPPINGS] });
      const { event, ...records } = fixture;
      const { calls, errors } = await tester.map("order.placed", records, { data: event.data }).finally(() => tester.close());
      expect(errors).toEqual([]);
      expect(calls.map((call) => (call.type === "track" ? call.event : call.type))).toEqual(["Order Completed", "identify"]);
      expect(calls[0]).toMatchObject({
        properties: { order_id: placed.orderId, products: [expect.objectContaining({ sku: "SHIRT-M-BLACK", quantity: 2 })] },
      });
    });

    it("captures the last N customers, with no password or token in the files", async () => {
      const first = await createCustomer(getContainer(), { first_name: "Grace" });
      const second = await createCustomer(getContainer(), { first_name: "Ada" });

      const written = await capture(["customer.created", "last=2"]);

      expect(written.map((file) => file.slice(out.length + 1)).sort()).toEqual(
        [`customer-created.${first.customerId}.json`, `customer-created.${second.customerId}.json`].sort(),
      );
      const files = await readdir(out);
      const text = (await Promise.all(files.map((file) => readFile(join(out, file), "utf8")))).join("\n");
      expect(text).not.toMatch(/password|token|secret/i);
      const ada = JSON.parse(await readFile(join(out, `customer-created.${second.customerId}.json`), "utf8"));
      expect(ada.customer).toMatchObject({ id: second.customerId, first_name: "Ada" });
    });

    it("names the events that are mapped when asked for one that is not", async () => {
      const script = startMedusaProcess(["exec", SCRIPT, "product.deleted", "prod_1", `out=${out}`], { DATABASE_URL: dbConfig.clientUrl });
      await script.exited;
      // Medusa logs the script's error as JSON: the quotes come escaped.
      expect(script.output()).toMatch(/no mapping handles \\?"product\.deleted\\?"; mapped events: customer\.created, customer\.updated,/);
    });
  },
});
