import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys, ProductStatus } from "@medusajs/framework/utils";
import {
  createCollectionsWorkflow,
  createInventoryLevelsWorkflow,
  createProductCategoriesWorkflow,
  createProductTagsWorkflow,
  createProductTypesWorkflow,
  createProductsWorkflow,
} from "@medusajs/medusa/core-flows";
import { createdFor } from "../created";

export type SeededVariant = {
  id: string;
  sku: string;
  title: string;
  product_id: string;
  product_title: string;
};

/** How many sticker variants exist: enough for one order with 200 distinct lines. */
export const STICKER_COUNT = 200;

/**
 * Prices in MAJOR units (Medusa v2): 39.90 EUR, 3500 JPY. `eurGross` is the price in the
 * tax-inclusive region: a price with a region_id rule, the only kind Medusa reads as gross
 * when the region prefers tax-inclusive prices (a plain EUR price stays net there).
 */
type Prices = { eur: number; eurGross: number; jpy: number };

type ProductSpec = {
  title: string;
  handle: string;
  subtitle?: string;
  description: string;
  thumbnail: string;
  type: string;
  collection?: string;
  category: string;
  tags: string[];
  metadata: Record<string, unknown>;
  /** Digital goods: no shipping profile, no inventory, so their lines need no shipping. */
  digital?: boolean;
  /** Tracked at the warehouse (inventory items and levels), as physical stock usually is. */
  managed: boolean;
  options: { title: string; values: string[] }[];
  variants: { title: string; sku: string; options: Record<string, string>; prices: Prices }[];
};

const SIZES = ["S", "M", "L"];
const COLORS = ["Black", "White"];

/**
 * A small but varied catalogue: sized and coloured apparel with a type, a collection, categories,
 * tags and a brand in metadata (Medusa has no brand field); a mug kept alone so that its variant
 * can be deleted after an order; a digital e-book; and 200 sticker variants for a 200-line order.
 * Apparel is stock-managed at the warehouse (reservations, restocking on returns); the rest is not.
 */
const PRODUCTS: ProductSpec[] = [
  {
    title: "Medusa T-Shirt",
    handle: "t-shirt",
    subtitle: "Organic cotton",
    description: "A classic T-shirt.",
    thumbnail: "https://cdn.example.com/tee-black.png",
    type: "Apparel",
    collection: "Summer",
    category: "Shirts",
    tags: ["cotton", "bestseller"],
    metadata: { brand: "Medusa" },
    managed: true,
    options: [
      { title: "Size", values: SIZES },
      { title: "Color", values: COLORS },
    ],
    variants: SIZES.flatMap((size) =>
      COLORS.map((color) => ({
        title: `${size} / ${color}`,
        sku: `SHIRT-${size}-${color.toUpperCase()}`,
        options: { Size: size, Color: color },
        prices: { eur: 25, eurGross: 29.9, jpy: 3500 },
      })),
    ),
  },
  {
    title: "Medusa Sweatpants",
    handle: "sweatpants",
    description: "Comfortable sweatpants.",
    thumbnail: "https://cdn.example.com/sweatpants.png",
    type: "Apparel",
    collection: "Basics",
    category: "Pants",
    tags: ["cotton"],
    metadata: { brand: "Medusa" },
    managed: true,
    options: [{ title: "Size", values: SIZES }],
    variants: SIZES.map((size) => ({
      title: size,
      sku: `SWEATPANTS-${size}`,
      options: { Size: size },
      prices: { eur: 39.9, eurGross: 47.9, jpy: 5200 },
    })),
  },
  {
    title: "Medusa Mug",
    handle: "mug",
    // Kept alone so its variant can be deleted after an order. Not stock-managed: Medusa refuses to
    // delete a variant whose inventory item still has reservations (an unfulfilled order).
    description: "A mug, made to order.",
    thumbnail: "https://cdn.example.com/mug.png",
    type: "Merchandise",
    category: "Merch",
    tags: [],
    metadata: { brand: "Acme Ceramics" },
    managed: false,
    options: [{ title: "Color", values: ["White"] }],
    variants: [{ title: "White", sku: "MUG-WHITE", options: { Color: "White" }, prices: { eur: 12.5, eurGross: 14.9, jpy: 1800 } }],
  },
  {
    title: "Commerce Patterns (e-book)",
    handle: "commerce-patterns-ebook",
    description: "A downloadable book.",
    thumbnail: "https://cdn.example.com/ebook.png",
    type: "Digital",
    category: "Books",
    tags: ["digital"],
    metadata: {},
    digital: true,
    managed: false,
    options: [{ title: "Format", values: ["EPUB"] }],
    variants: [{ title: "EPUB", sku: "EBOOK-EPUB", options: { Format: "EPUB" }, prices: { eur: 9.99, eurGross: 11.99, jpy: 1500 } }],
  },
  {
    title: "Sticker",
    handle: "sticker",
    description: "One of 200 designs.",
    thumbnail: "https://cdn.example.com/sticker.png",
    type: "Merchandise",
    category: "Merch",
    tags: [],
    metadata: {},
    managed: false,
    options: [{ title: "Design", values: stickerDesigns() }],
    variants: stickerDesigns().map((design) => ({
      title: `Design ${design}`,
      sku: `STICKER-${design}`,
      options: { Design: design },
      prices: { eur: 1.5, eurGross: 1.9, jpy: 200 },
    })),
  },
];

function stickerDesigns(): string[] {
  return Array.from({ length: STICKER_COUNT }, (_, index) => String(index + 1).padStart(3, "0"));
}

export async function seedCatalog(
  container: MedusaContainer,
  {
    salesChannelId,
    shippingProfileId,
    stockLocationId,
    taxInclusiveRegionId,
  }: { salesChannelId: string; shippingProfileId: string; stockLocationId: string; taxInclusiveRegionId: string },
): Promise<Record<string, SeededVariant>> {
  const typeId = await createNamed(container, "type", unique(PRODUCTS.map((p) => p.type)));
  const collectionId = await createNamed(container, "collection", unique(PRODUCTS.flatMap((p) => p.collection ?? [])));
  const categoryId = await createNamed(container, "category", unique(PRODUCTS.map((p) => p.category)));
  const tagId = await createNamed(container, "tag", unique(PRODUCTS.flatMap((p) => p.tags)));

  const { result: products } = await createProductsWorkflow(container).run({
    input: {
      products: PRODUCTS.map((spec) => ({
        title: spec.title,
        handle: spec.handle,
        subtitle: spec.subtitle,
        description: spec.description,
        thumbnail: spec.thumbnail,
        status: ProductStatus.PUBLISHED,
        type_id: typeId(spec.type),
        collection_id: spec.collection ? collectionId(spec.collection) : undefined,
        category_ids: [categoryId(spec.category)],
        tag_ids: spec.tags.map(tagId),
        metadata: spec.metadata,
        shipping_profile_id: spec.digital ? undefined : shippingProfileId,
        sales_channels: [{ id: salesChannelId }],
        options: spec.options,
        variants: spec.variants.map((variant) => ({
          title: variant.title,
          sku: variant.sku,
          options: variant.options,
          manage_inventory: spec.managed,
          prices: [
            { currency_code: "eur", amount: variant.prices.eur },
            { currency_code: "jpy", amount: variant.prices.jpy },
            { currency_code: "eur", amount: variant.prices.eurGross, rules: { region_id: taxInclusiveRegionId } },
          ],
        })),
      })),
    },
  });

  await stockManagedVariants(
    container,
    products.map((product) => product.id),
    stockLocationId,
  );

  const variants: Record<string, SeededVariant> = {};
  for (const product of products) {
    for (const variant of product.variants ?? []) {
      variants[variant.sku!] = { id: variant.id, sku: variant.sku!, title: variant.title!, product_id: product.id, product_title: product.title };
    }
  }
  return variants;
}

/** createProductsWorkflow creates inventory items for managed variants, but no stock: add it. */
async function stockManagedVariants(container: MedusaContainer, productIds: string[], locationId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data: variants } = await query.graph({
    entity: "product_variant",
    fields: ["id", "manage_inventory", "inventory_items.inventory_item_id"],
    filters: { product_id: productIds },
  });
  const inventoryItemIds = variants
    .filter((variant) => variant.manage_inventory)
    .flatMap((variant) => (variant.inventory_items ?? []).map((link: { inventory_item_id: string }) => link.inventory_item_id));
  await createInventoryLevelsWorkflow(container).run({
    input: {
      inventory_levels: inventoryItemIds.map((inventory_item_id) => ({ inventory_item_id, location_id: locationId, stocked_quantity: 10_000 })),
    },
  });
}

/** Creates product types, collections, categories or tags by name; gives the id of each by its name. */
async function createNamed(
  container: MedusaContainer,
  kind: "type" | "collection" | "category" | "tag",
  names: string[],
): Promise<(name: string) => string> {
  if (!names.length) return idByName(kind, new Map());
  let records: { id: string }[];
  switch (kind) {
    case "type":
      ({ result: records } = await createProductTypesWorkflow(container).run({ input: { product_types: names.map((value) => ({ value })) } }));
      break;
    case "collection":
      ({ result: records } = await createCollectionsWorkflow(container).run({
        input: { collections: names.map((title) => ({ title, handle: title.toLowerCase() })) },
      }));
      break;
    case "category":
      ({ result: records } = await createProductCategoriesWorkflow(container).run({
        input: { product_categories: names.map((name) => ({ name, handle: name.toLowerCase(), is_active: true })) },
      }));
      break;
    case "tag":
      ({ result: records } = await createProductTagsWorkflow(container).run({ input: { product_tags: names.map((value) => ({ value })) } }));
      break;
  }
  return idByName(kind, new Map(createdFor(names, records, `${kind} record(s)`).map(([name, record]) => [name, record.id])));
}

function idByName(kind: string, ids: ReadonlyMap<string, string>): (name: string) => string {
  return (name) => {
    const id = ids.get(name);
    if (id === undefined) throw new Error(`No ${kind} named ${name} was created`);
    return id;
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
