import type { ExecArgs } from "@medusajs/framework/types";
import { importCustomers } from "../../src/store-flows";
import { placeSimpleOrder } from "./placeSimpleOrder";

/**
 * `medusa exec` script of a short-lived process, as an import or a seed is: creates customers
 * and places an order, says which, and returns; Medusa's CLI then calls process.exit() at once,
 * while the event bus may still be running the subscribers of the last events.
 */
export default async function placeOrderAndExit({ container, args }: ExecArgs): Promise<void> {
  const customerIds = await importCustomers(container, Number(args[0] ?? 5), "exec");
  const orderId = await placeSimpleOrder(container);
  console.log(`PLACED ${JSON.stringify({ customerIds, orderId })}`);
}
