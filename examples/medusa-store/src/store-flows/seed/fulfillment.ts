import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils";
import {
  batchLinksWorkflow,
  createLocationFulfillmentSetWorkflow,
  createSalesChannelsWorkflow,
  createServiceZonesWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
} from "@medusajs/medusa/core-flows";
import { created } from "../created";

export type SeededFulfillment = {
  salesChannelId: string;
  stockLocationId: string;
  shippingProfileId: string;
  /** Outbound "Standard Shipping": 4.90 EUR / 800 JPY, 5.90 EUR gross in the tax-inclusive region; manual provider. */
  shippingOptionId: string;
  /** Inbound option for returns (rule `is_return = true`), free. */
  returnShippingOptionId: string;
};

/**
 * The chain Medusa walks to offer shipping and to fulfil: sales channel → stock location →
 * fulfillment set → service zone (countries) → shipping options, with the manual provider
 * (`manual_manual`, the app's default fulfillment provider) enabled at the location.
 */
export async function seedFulfillment(
  container: MedusaContainer,
  { countryCodes, taxInclusiveRegionId }: { countryCodes: string[]; taxInclusiveRegionId: string },
): Promise<SeededFulfillment> {
  const { result: channels } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "Webshop" }] },
  });
  const [salesChannel] = created(channels, 1, "sales channel");

  const { result: locations } = await createStockLocationsWorkflow(container).run({
    input: { locations: [{ name: "Berlin Warehouse", address: { address_1: "Lagerstraße 1", city: "Berlin", country_code: "DE" } }] },
  });
  const [location] = created(locations, 1, "stock location");
  await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: location.id, add: [salesChannel.id] } });
  // Shipping options may only use a provider that is enabled at their location.
  await batchLinksWorkflow(container).run({
    input: {
      create: [{ [Modules.STOCK_LOCATION]: { stock_location_id: location.id }, [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" } }],
    },
  });

  const { result: profiles } = await createShippingProfilesWorkflow(container).run({
    input: { data: [{ name: "Default", type: "default" }] },
  });
  const [profile] = created(profiles, 1, "shipping profile");

  await createLocationFulfillmentSetWorkflow(container).run({
    input: { location_id: location.id, fulfillment_set_data: { name: "Berlin Warehouse shipping", type: "shipping" } },
  });
  const fulfillmentSetId = await fulfillmentSetOf(container, location.id);
  const { result: zones } = await createServiceZonesWorkflow(container).run({
    input: {
      data: [
        {
          name: "Europe and Japan",
          fulfillment_set_id: fulfillmentSetId,
          geo_zones: countryCodes.map((country_code) => ({ type: "country" as const, country_code })),
        },
      ],
    },
  });
  const [zone] = created(zones, 1, "service zone");

  const common = {
    price_type: "flat" as const,
    provider_id: "manual_manual",
    service_zone_id: zone.id,
    shipping_profile_id: profile.id,
  };
  const { result: options } = await createShippingOptionsWorkflow(container).run({
    input: [
      {
        ...common,
        name: "Standard Shipping",
        type: { label: "Standard", description: "Ships in 2-3 days.", code: "standard" },
        // A region price: only those follow the region's tax-inclusive preference.
        prices: [
          { currency_code: "eur", amount: 4.9 },
          { currency_code: "jpy", amount: 800 },
          { region_id: taxInclusiveRegionId, amount: 5.9 },
        ],
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" },
          { attribute: "is_return", value: "false", operator: "eq" },
        ],
      },
      {
        ...common,
        name: "Return Shipping",
        type: { label: "Return", description: "Send it back to us.", code: "return" },
        prices: [
          { currency_code: "eur", amount: 0 },
          { currency_code: "jpy", amount: 0 },
        ],
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" },
          { attribute: "is_return", value: "true", operator: "eq" },
        ],
      },
    ],
  });

  const [standard, returns] = created(options, 2, "shipping options");

  return {
    salesChannelId: salesChannel.id,
    stockLocationId: location.id,
    shippingProfileId: profile.id,
    shippingOptionId: standard.id,
    returnShippingOptionId: returns.id,
  };
}

/** createLocationFulfillmentSetWorkflow returns nothing useful: read the set back through the link. */
async function fulfillmentSetOf(container: MedusaContainer, locationId: string): Promise<string> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const {
    data: [location],
  } = await query.graph({
    entity: "stock_location",
    fields: ["fulfillment_sets.id"],
    filters: { id: locationId },
  });
  return location.fulfillment_sets[0].id;
}
