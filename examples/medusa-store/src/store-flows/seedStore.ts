import type { MedusaContainer } from "@medusajs/framework/types";
import { seedCatalog, type SeededVariant } from "./seed/catalog";
import { seedFulfillment, type SeededFulfillment } from "./seed/fulfillment";
import { seedPromotions } from "./seed/promotions";
import { countryCodes, seedRegions, type RegionKey, type SeededRegion } from "./seed/regions";
import { seedReturnReasons, type ReturnReasonKey } from "./seed/returnReasons";

export type Seed = SeededFulfillment & {
  regions: Record<RegionKey, SeededRegion>;
  /** Variants by SKU, e.g. `SHIRT-M-BLACK`, `SWEATPANTS-L`, `MUG-WHITE`, `EBOOK-EPUB`, `STICKER-001`…`STICKER-200`. */
  variants: Record<string, SeededVariant>;
  promotion: { code: string; id: string };
  returnReasons: Record<ReturnReasonKey, string>;
};

/**
 * Everything an order needs, made with Medusa's own workflows (as the admin would): regions with
 * tax, a sales channel and a warehouse that ships to them, a catalogue with prices and stock, a
 * promotion and return reasons. Call it once per database: in a `beforeAll` of
 * medusaIntegrationTestRunner's suite it lands in the runner's snapshot, so every test starts
 * from the seeded store.
 */
export async function seedStore(container: MedusaContainer): Promise<Seed> {
  const regions = await seedRegions(container);
  const taxInclusiveRegionId = regions.at.id;
  const fulfillment = await seedFulfillment(container, { countryCodes: countryCodes(regions), taxInclusiveRegionId });
  const variants = await seedCatalog(container, { ...fulfillment, taxInclusiveRegionId });
  const promotion = await seedPromotions(container);
  const returnReasons = await seedReturnReasons(container);
  return { ...fulfillment, regions, variants, promotion, returnReasons };
}

/** The id of the seeded variant with this SKU. */
export function variantId(seed: Seed, sku: string): string {
  const variant = seed.variants[sku];
  if (!variant) throw new Error(`No seeded variant with SKU ${sku}`);
  return variant.id;
}
