import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
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
/** The packaging test's store loop starts from this fixture: captured here, checked here against a fresh capture. */
const PACKAGING_FIXTURE = resolve(__dirname, "../../../tests/packaging/fixtures/product-created.json");
/** The store's capture_inputs folder: the app under test writes each mapped event's input there. */
const CAPTURED = await mkdtemp(join(tmpdir(), "trackmap-captured-"));
// On process.env too: Medusa reads medusa-config before the runner applies `env`.
process.env.TRACKMAP_CAPTURE_INPUTS = CAPTURED;

medusaIntegrationTestRunner({
  cwd: `${__dirname}/..`,
  env: { TRACKMAP_CAPTURE_INPUTS: CAPTURED },
  testSuite: ({ getContainer, dbConfig }) => {
    let seed: Seed;
    let out: string;

    beforeAll(async () => {
      seed = await seedStore(getContainer());
      out = await mkdtemp(join(tmpdir(), "trackmap-capture-"));
    });
    afterAll(() => Promise.all([rm(out, { recursive: true, force: true }), rm(CAPTURED, { recursive: true, force: true })]));

    // The exec scripts: the store's database, and no capture_inputs of their own.
    const capture = async (args: string[]) => {
      const script = startMedusaProcess(["exec", SCRIPT, ...args, `out=${out}`, "--json"], {
        DATABASE_URL: dbConfig.clientUrl,
        TRACKMAP_CAPTURE_INPUTS: "",
      });
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

    it("captures product.created for the mapping `trackmap init` writes: the packaging test's fixture", async () => {
      // A store folder as a user has it after `npx trackmap init`, its example mapping loading the product.
      const store = await mkdtemp(join(tmpdir(), "trackmap-init-"));
      await writeFile(join(store, "package.json"), JSON.stringify({ name: "store", dependencies: { "@trackmap/medusa": "*" } }));
      const init = spawnSync(resolve(__dirname, "../node_modules/.bin/trackmap"), ["init"], {
        cwd: store,
        encoding: "utf8",
        env: { ...process.env, NODE_OPTIONS: "" },
      });
      expect(init.status, init.stderr).toBe(0);
      const { product_id: productId, product_title: title } = seed.variants["SWEATPANTS-L"] ?? {};

      const script = startMedusaProcess(["exec", SCRIPT, "product.created", String(productId), `out=${out}`, "--json"], {
        DATABASE_URL: dbConfig.clientUrl,
        TRACKMAP_CAPTURE_INPUTS: "",
        TRACKMAP_MAPPINGS: join(store, "trackmap"),
      });
      expect(await script.exited, script.output().slice(-4000)).toBe(0);
      const captured = JSON.parse(await readFile(join(out, `product-created.${productId}.json`), "utf8"));
      await rm(store, { recursive: true, force: true });

      expect(captured.product).toMatchObject({
        id: productId,
        title,
        variants: expect.arrayContaining([expect.objectContaining({ sku: "SWEATPANTS-L" })]),
      });
      // WRITE_FIXTURES=1 refreshes the committed copy; otherwise it must still be what the store gives.
      if (process.env.WRITE_FIXTURES) await writeFile(PACKAGING_FIXTURE, `${JSON.stringify(captured, null, 2)}\n`);
      const committed = JSON.parse(await readFile(PACKAGING_FIXTURE, "utf8"));
      expect(withoutIds(captured)).toEqual(withoutIds(committed));
    });

    it("names the events that are mapped when asked for one that is not", async () => {
      const script = startMedusaProcess(["exec", SCRIPT, "product.deleted", "prod_1", `out=${out}`], {
        DATABASE_URL: dbConfig.clientUrl,
        TRACKMAP_CAPTURE_INPUTS: "",
      });
      await script.exited;
      // Medusa logs the script's error as JSON: the quotes come escaped.
      expect(script.output()).toMatch(/no mapping handles \\?"product\.deleted\\?"; mapped events: customer\.created, customer\.updated,/);
    });

    it("with capture_inputs, writes the input of each event the store maps as it happens", async () => {
      const placed = await placeOrder(getContainer(), seed, { customer: "guest", items: [{ sku: "SHIRT-S-WHITE" }] });

      const file = join(CAPTURED, `order-placed.${placed.orderId}.json`);
      await expect.poll(() => readdir(CAPTURED), { timeout: 20_000 }).toContain(`order-placed.${placed.orderId}.json`);
      const fixture = JSON.parse(await readFile(file, "utf8"));
      // As the store emitted it, Medusa's event metadata included (mappings see it as event.metadata).
      expect(fixture.event).toEqual({
        name: "order.placed",
        data: { id: placed.orderId },
        metadata: expect.objectContaining({ eventGroupId: expect.any(String), created_at: expect.any(String) }),
      });
      expect(fixture.order).toMatchObject({ id: placed.orderId, items: [expect.objectContaining({ variant_sku: "SHIRT-S-WHITE" })] });
    });
  },
});

/** A fixture with Medusa's generated ids blanked and lists of records in a stable order, to compare two captures. */
function withoutIds(value: unknown): unknown {
  if (typeof value === "string") return /^[a-z]+_[0-9A-Z]{26}$/.test(value) ? "<id>" : value;
  if (Array.isArray(value)) return value.map(withoutIds).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutIds(item)]));
  return value;
}
