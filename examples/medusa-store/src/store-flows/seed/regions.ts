import type { MedusaContainer } from "@medusajs/framework/types";
import { createRegionsWorkflow, createTaxRegionsWorkflow } from "@medusajs/medusa/core-flows";
import { createdFor } from "../created";

export type RegionKey = "eu" | "at" | "jp";

export type SeededRegion = {
  id: string;
  name: string;
  currency_code: string;
  /** Country codes with their VAT rate (%). */
  countries: Record<string, number>;
  is_tax_inclusive: boolean;
};

/**
 * Three regions that cover the money cases the mappings must get right:
 * - "eu": EUR, tax added on top (Germany 19 %, France 20 %). Two countries on purpose: with a
 *   single country, createCartWorkflow fills in a shipping address holding just that country,
 *   so an order "without shipping address" only exists in a multi-country region;
 * - "at": EUR with tax-inclusive prices (Austria, 20 %): Medusa extracts the tax from them;
 * - "jp": a zero-decimal currency (JPY, 10 %).
 */
const REGIONS: Record<RegionKey, Omit<SeededRegion, "id">> = {
  eu: { name: "Europe", currency_code: "eur", countries: { de: 19, fr: 20 }, is_tax_inclusive: false },
  at: { name: "Austria (prices include tax)", currency_code: "eur", countries: { at: 20 }, is_tax_inclusive: true },
  jp: { name: "Japan", currency_code: "jpy", countries: { jp: 10 }, is_tax_inclusive: false },
};

export async function seedRegions(container: MedusaContainer): Promise<Record<RegionKey, SeededRegion>> {
  const keys = Object.keys(REGIONS) as RegionKey[];
  const { result: regions } = await createRegionsWorkflow(container).run({
    input: {
      regions: keys.map((key) => ({
        name: REGIONS[key].name,
        currency_code: REGIONS[key].currency_code,
        countries: Object.keys(REGIONS[key].countries),
        payment_providers: ["pp_system_default"],
        // Stored as a price preference for the region. It applies only to prices that carry a
        // region_id rule (see the catalogue's and shipping options' region prices).
        is_tax_inclusive: REGIONS[key].is_tax_inclusive,
      })),
    },
  });

  // Without a tax region (and its provider, `tp_system`), carts in the country get no tax lines.
  await createTaxRegionsWorkflow(container).run({
    input: keys.flatMap((key) =>
      Object.entries(REGIONS[key].countries).map(([country_code, rate]) => ({
        country_code,
        provider_id: "tp_system",
        default_tax_rate: { rate, code: `${country_code.toUpperCase()}-VAT`, name: `${country_code.toUpperCase()} VAT` },
      })),
    ),
  });

  return Object.fromEntries(createdFor(keys, regions, "regions").map(([key, region]) => [key, { id: region.id, ...REGIONS[key] }])) as Record<
    RegionKey,
    SeededRegion
  >;
}

export function countryCodes(regions: Record<RegionKey, SeededRegion>): string[] {
  return Object.values(regions).flatMap((region) => Object.keys(region.countries));
}
