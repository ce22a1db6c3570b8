import { startSegmentServer } from "@trackmap/core/testing";
import { it } from "vitest";
import { createDatabase, migrateAndSeed, startMedusaV1 } from "./support/medusaV1Process";
import { cancelOrder, createRefundClaim, createReturnReason, fulfillAndShip, lookups, placeOrder, requestAndReceiveReturn, storeClient, swapAndShip } from "./support/storeFlows";
import { receivedMessage, track } from "./support/segmentMessages";

it("flows", async () => {
  const segment = await startSegmentServer();
  const url = await createDatabase("scratch");
  await migrateAndSeed(url);
  const medusa = await startMedusaV1(url, { SEGMENT_WRITE_KEY: "wk", SEGMENT_HOST: segment.url, SEGMENT_FLUSH_AT: "1", TRACKMAP_CAPTURE_DIR: "/tmp/capture" });
  const client = storeClient(medusa.url);
  try {
    const step = async (name: string, f: () => Promise<unknown>) => { try { const r = await f(); console.log("OK", name); return r; } catch (e) { console.log("FAIL", name, (e as Error).message.slice(0, 1500)); } };
    const o1: any = await step("order", () => placeOrder(client, { region: "Germany", items: [{ sku: "SHIRT-BLACK-M", quantity: 2 }, { sku: "SWEAT-GREY-L" }], address: { country_code: "de", city: "Berlin" }, context: { ga_id: "GA1.2.3.4" }, userAgent: "Mozilla/5.0 test" }));
    await step("placed msg", () => receivedMessage(segment, track("Order Completed", { order_id: o1?.id })));
    await new Promise((r) => setTimeout(r, 1)); if (process.env.QUICK) return;
    await step("no-address", () => placeOrder(client, { region: "Benelux", items: [{ sku: "MUG-WHITE" }], address: false, email: "noaddr@example.com" }));
    await step("custom", () => placeOrder(client, { region: "Germany", items: [{ sku: "MUG-WHITE" }], customItem: { title: "Gift wrapping", unit_price: 500, quantity: 1 }, address: { country_code: "de", city: "Hamburg" } }));
    const usd: any = await step("usd", () => placeOrder(client, { region: "United States", items: [{ sku: "SHIRT-BLACK-L" }], address: { country_code: "us", city: "Boston" } }));
    await step("jpy", () => placeOrder(client, { region: "Japan", items: [{ sku: "SHIRT-BLACK-L", quantity: 3 }], address: { country_code: "jp", city: "Tokyo" } }));
    const shirt = o1.items.find((i: any) => i.variant?.sku === "SHIRT-BLACK-M" || i.title === "Medusa T-Shirt");
    const pants = o1.items.find((i: any) => i !== shirt);
    await step("ship", () => fulfillAndShip(client, o1.id));
    const reason = await step("reason", () => createReturnReason(client, "too_small", "Too small")) as string;
    await step("return", () => requestAndReceiveReturn(client, o1.id, [{ item_id: shirt.id, quantity: 1, reason_id: reason, note: "runs small" }]));
    await step("claim", () => createRefundClaim(client, o1.id, { item_id: pants.id, quantity: 1, note: "torn seam" }));
    await step("cancel", () => cancelOrder(client, usd.id));
    const { variants } = await lookups(client);
    await step("swap", () => swapAndShip(client, o1.id, { item_id: shirt.id, quantity: 1 }, variants["SHIRT-BLACK-L"]));
    await new Promise((r) => setTimeout(r, 8000));
    for (const m of segment.messages) console.log(JSON.stringify(m).slice(0, 3000));
  } finally {
    await medusa.stop();
    require("node:fs").writeFileSync("/tmp/medusa.out", medusa.output());
    await segment.close();
  }
});
