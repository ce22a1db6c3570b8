import type { MedusaContainer } from "@medusajs/framework/types";
import { createReturnReasonsWorkflow } from "@medusajs/medusa/core-flows";

export type ReturnReasonKey = "wrong_size" | "damaged";

/** Return items reference a reason by id; "Order Refunded" products carry it (v1 did too). */
export async function seedReturnReasons(container: MedusaContainer): Promise<Record<ReturnReasonKey, string>> {
  const { result } = await createReturnReasonsWorkflow(container).run({
    input: {
      data: [
        { value: "wrong_size", label: "Wrong size", description: "The item does not fit." },
        { value: "damaged", label: "Damaged", description: "The item arrived damaged." },
      ],
    },
  });
  return { wrong_size: result[0].id, damaged: result[1].id };
}
