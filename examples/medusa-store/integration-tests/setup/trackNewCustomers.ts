import type { ExecArgs } from "@medusajs/framework/types";
import { importCustomers } from "../../src/store-flows";

/**
 * `medusa exec` script for the crash test: imports customers (their customer.created events
 * reach the plugin's subscriber, and the store's), says which, then stays up, its calls in the
 * outbox, until it is killed.
 */
export default async function trackNewCustomers({ container, args }: ExecArgs): Promise<void> {
  const ids = await importCustomers(container, Number(args[0] ?? 100), "crash");
  console.log(`TRACKED ${JSON.stringify(ids)}`);
  await new Promise(() => undefined);
}
