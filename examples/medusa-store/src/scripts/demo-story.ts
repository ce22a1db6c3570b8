import type { ExecArgs } from "@medusajs/framework/types";
import {
  completeCartWorkflow,
  createCartWorkflow,
  createPaymentCollectionForCartWorkflow,
  createPaymentSessionsWorkflow,
  createRegionsWorkflow,
} from "@medusajs/medusa/core-flows";

/**
 * The demo's story, run by `medusa exec` in a real store: each step is a Medusa workflow,
 * and the plugin turns the events they emit into Segment calls. Lines starting with
 * "story:" are what `pnpm demo` shows.
 */
export default async function demoStory({ container }: ExecArgs) {
  const say = (text: string) => console.log(`story: ${text}`);
  const { result: [region] } = await createRegionsWorkflow(container).run({
    input: { regions: [{ name: "Europe", currency_code: "eur", countries: ["de"], payment_providers: ["pp_system_default"] }] },
  });
  const { result: cart } = await createCartWorkflow(container).run({
    input: { region_id: region.id, email: "ada@example.com", items: [{ title: "Gift card", unit_price: 25, quantity: 2, requires_shipping: false }] },
  });
  const { result: collection } = await createPaymentCollectionForCartWorkflow(container).run({ input: { cart_id: cart.id } });
  await createPaymentSessionsWorkflow(container).run({ input: { payment_collection_id: collection.id, provider_id: "pp_system_default" } });
  const { result: order } = await completeCartWorkflow(container).run({ input: { id: cart.id } });
  say(`ada@example.com placed order ${order.id}`);

  // Let the subscribers run and the Segment client flush before the process ends.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await container.resolve("segmentService").close();
}
