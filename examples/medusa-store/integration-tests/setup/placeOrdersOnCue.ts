import { createInterface } from "node:readline";
import type { ExecArgs } from "@medusajs/framework/types";
import { placeCustomLineOrder } from "./placeSimpleOrder";

/**
 * `medusa exec` script of a live store process for the backfill test: says READY once booted, then
 * places a guest order in the region given (args[0]) for each line `place` on its stdin, and says
 * which, with when it was placed (the moment completeCartWorkflow returned, as epoch ms).
 */
export default async function placeOrdersOnCue({ container, args }: ExecArgs): Promise<void> {
  const regionId = args[0]!;
  console.log("READY");
  let placed = 0;
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() !== "place") continue;
    placed++;
    const order = await placeCustomLineOrder(container, { regionId, email: `live${placed}@example.com`, unitPrice: 30 });
    console.log(`PLACED ${JSON.stringify({ orderId: order.id, placedAt: Date.now() })}`);
  }
}
