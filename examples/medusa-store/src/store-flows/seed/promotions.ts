import type { MedusaContainer } from "@medusajs/framework/types";
import { createPromotionsWorkflow } from "@medusajs/medusa/core-flows";
import { created } from "../created";

const WELCOME10 = "WELCOME10";

/**
 * WELCOME10: 10 % off the items (not shipping), spread across the lines; Medusa stores it as
 * line-item adjustments carrying the code. Promotions are created as drafts unless told otherwise,
 * and only active ones apply.
 */
export async function seedPromotions(container: MedusaContainer): Promise<{ code: string; id: string }> {
  const { result: promotions } = await createPromotionsWorkflow(container).run({
    input: {
      promotionsData: [
        {
          code: WELCOME10,
          type: "standard",
          status: "active",
          application_method: { type: "percentage", target_type: "items", allocation: "across", value: 10 },
        },
      ],
    },
  });
  const [promotion] = created(promotions, 1, "promotion");
  return { code: promotion.code!, id: promotion.id };
}
