import type { SegmentService } from "@trackmap/medusa/modules/segment";
import type { ExecArgs } from "@medusajs/framework/types";
import { createCustomer, fulfillAndShip, orderLineBySku, placeOrder, returnItems, seedStore } from "../store-flows";

/**
 * The demo's story, run by `medusa exec` in a real store: each step is one of Medusa's own
 * workflows, and the plugin turns the events they emit into Segment calls. Lines starting
 * with "story:" are what `pnpm demo` shows.
 */
export default async function demoStory({ container }: ExecArgs) {
  const say = (text: string) => console.log(`story: ${text}`);
  const seed = await seedStore(container);
  say("The store has products, a 19% German VAT and a WELCOME10 promotion.");

  const ada = await createCustomer(container, { email: "ada.lovelace@example.com", first_name: "Ada", last_name: "Lovelace" });
  say(`Ada signs up (customer ${ada.customerId}).`);

  const order = await placeOrder(container, seed, {
    customer: { id: ada.customerId, email: ada.email },
    items: [{ sku: "SHIRT-M-BLACK", quantity: 2 }, { sku: "MUG-WHITE" }],
    promotion: seed.promotion.code,
  });
  say(`She orders two T-shirts and a mug with WELCOME10 (order ${order.orderId}).`);

  const shipped = await fulfillAndShip(container, order.orderId);
  say(`The order ships (fulfillment ${shipped.fulfillmentId}).`);

  const shirt = await orderLineBySku(container, order.orderId, "SHIRT-M-BLACK");
  const returned = await returnItems(container, seed, order.orderId, {
    items: [{ id: shirt.id, quantity: 1, reason: "wrong_size", note: "Too small" }],
  });
  say(`One T-shirt comes back, too small (return ${returned.returnId}).`);

  // Let the plugin finish the events it is mapping, and send what is queued.
  await new Promise((resolve) => setTimeout(resolve, 500));
  await container.resolve<SegmentService>("segmentService").close();
}
