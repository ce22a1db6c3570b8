import type { MedusaContainer } from "@medusajs/framework/types";
import { createReturnReasonsWorkflow } from "@medusajs/medusa/core-flows";
import { created } from "../created";

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
  const [wrongSize, damaged] = created(result, 2, "return reasons");
  return { wrong_size: wrongSize.id, damaged: damaged.id };
}
