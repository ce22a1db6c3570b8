import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { UsageError, type Output } from "../output";
import { CONFIG_FILE, KNOWN_PLUGINS } from "../storeContext";

/**
 * `trackmap init [folder]`: what a store needs to write and test its own mappings — the
 * configuration, a mapping folder with one commented example mapping and its test, and the
 * editor wiring (VS Code's YAML extension validates and completes mapping and test files).
 */
export async function initCommand(cwd: string, folder: string, options: { force?: boolean }, out: Output): Promise<number> {
  const schemas = schemaFolder(cwd);
  const toSchemas = relative(join(cwd, folder), join(cwd, schemas));
  const example = dependsOnV1(cwd) ? V1_EXAMPLE : V2_EXAMPLE;
  const files: Record<string, string> = {
    [CONFIG_FILE]: `${JSON.stringify({ mappings: [folder] }, null, 2)}\n`,
    [join(folder, `${example.name}.yaml`)]: `# yaml-language-server: $schema=${toSchemas}/mapping.schema.json\n${example.mapping}`,
    [join(folder, `${example.name}.test.yaml`)]: `# yaml-language-server: $schema=${toSchemas}/test-file.schema.json\n${example.test}`,
  };
  const existing = Object.keys(files).filter((file) => existsSync(join(cwd, file)));
  if (existing.length && !options.force) throw new UsageError(`${existing.join(", ")} already there: give --force to overwrite`);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(dirname(join(cwd, file)), { recursive: true });
    await writeFile(join(cwd, file), text);
  }
  const settings = await wireVsCode(cwd, folder, schemas);
  for (const file of [...Object.keys(files), settings]) out.stdout(`wrote ${file}\n`);
  out.stdout(`\nnext: npx trackmap test   (then edit ${folder}/${example.name}.yaml, or add a mapping per event)\n`);
  return 0;
}

/**
 * Where @trackmap/core's schemas are, relative to the store: node_modules/@trackmap/core when npm
 * hoisted it, else wherever the plugin's own copy resolves (pnpm).
 */
function schemaFolder(cwd: string): string {
  const hoisted = join("node_modules", "@trackmap", "core");
  if (existsSync(join(cwd, hoisted))) return hoisted;
  for (const plugin of KNOWN_PLUGINS) {
    try {
      const pluginManifest = createRequire(join(cwd, "package.json")).resolve(`${plugin}/package.json`);
      return relative(cwd, dirname(createRequire(pluginManifest).resolve("@trackmap/core/package.json")));
    } catch {
      // not this plugin
    }
  }
  return hoisted;
}

/** VS Code's YAML extension: mapping files and test files checked against their schemas. */
async function wireVsCode(cwd: string, folder: string, schemas: string): Promise<string> {
  const file = join(".vscode", "settings.json");
  const path = join(cwd, file);
  let settings: Record<string, unknown> = {};
  if (existsSync(path)) {
    try {
      settings = JSON.parse(await readFile(path, "utf8"));
    } catch {
      throw new UsageError(`${file} is not plain JSON (comments?): add the yaml.schemas setting by hand (see docs/getting-started.md)`);
    }
  }
  settings["yaml.schemas"] = {
    ...(settings["yaml.schemas"] as Record<string, unknown> | undefined),
    [`./${schemas}/mapping.schema.json`]: [`${folder}/**/*.yaml`, `!${folder}/**/*.test.yaml`],
    [`./${schemas}/test-file.schema.json`]: `${folder}/**/*.test.yaml`,
  };
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(settings, null, 2)}\n`);
  return file;
}

/** A Medusa v1 store (its package.json lists the v1 plugin): v1 emits no product.created, and loads records otherwise. */
function dependsOnV1(cwd: string): boolean {
  const manifest = join(cwd, "package.json");
  if (!existsSync(manifest)) return false;
  const { dependencies = {}, devDependencies = {} } = JSON.parse(readFileSync(manifest, "utf8"));
  return "@trackmap/medusa-v1" in dependencies || "@trackmap/medusa-v1" in devDependencies;
}

const V2_EXAMPLE = {
  name: "product-created",
  mapping: `#
# An example mapping: Medusa's product.created → a Segment track call. One file per event; the plugin's
# default mappings (orders, customers, ...) run underneath, and a file here for the same event replaces one.
# Reference: https://github.com/trackmap/trackmap/blob/main/docs/mapping-language.md
description: A product was created in the admin → Product Created, with its variants' SKUs.
on: product.created
load:
  # The records the calls need, loaded by the plugin with Medusa's Query: event.data holds only the id.
  product:
    entity: product
    id: = event.data.id
    fields: [id, title, handle, status, variants.sku]
calls:
  - track:
      event: Product Created
      # No customer is behind an admin action: an id of the store's own keeps Segment's rule (userId or anonymousId).
      anonymousId: store
      properties:
        product_id: = product.id
        name: = product.title
        handle: = product.handle
        status: = product.status
        # [ ] keeps a list a list: with one variant, product.variants.sku alone would be a string.
        skus: = [product.variants.sku]
`,
  test: `#
# The tests of product-created.yaml: an input (the records by name, inline or a fixture file) and the calls
# expected. Run them with \`npx trackmap test\`; \`--update\` writes the actual calls into failing cases.
cases:
  - name: a new product gives Product Created with its SKUs
    input:
      product: { id: prod_1, title: Medusa T-Shirt, handle: t-shirt, status: published, variants: [{ sku: SHIRT-S }] }
    expect:
      - track:
          event: Product Created
          properties: { product_id: prod_1, name: Medusa T-Shirt, skus: [SHIRT-S] }
`,
};

const V1_EXAMPLE = {
  name: "cart-created",
  mapping: `#
# An example mapping: Medusa's cart.created → a Segment track call. One file per event; the plugin's
# default mappings (orders, claims, swaps) run underneath, and a file here for the same event replaces one.
# Reference: https://github.com/trackmap/trackmap/blob/main/docs/mapping-language.md
description: A cart was created → Cart Created, with its line items' SKUs.
on: cart.created
load:
  # The records the calls need, loaded with Medusa v1's services: event.data holds only the id, and
  # fields are the relations to join (every column of each comes along).
  cart:
    entity: cart
    id: = event.data.id
    fields: [items, items.variant]
calls:
  - track:
      event: Cart Created
      # A new cart may have no customer yet: its id keeps Segment's rule (userId or anonymousId).
      anonymousId: = cart.id
      userId: = cart.customer_id
      properties:
        cart_id: = cart.id
        # [ ] keeps a list a list: with one item, cart.items.variant.sku alone would be a string.
        skus: = [cart.items.variant.sku]
`,
  test: `#
# The tests of cart-created.yaml: an input (the records by name, inline or a fixture file) and the calls
# expected. Run them with \`npx trackmap test\`; \`--update\` writes the actual calls into failing cases.
cases:
  - name: a new cart gives Cart Created with its SKUs
    input:
      cart: { id: cart_1, customer_id: cus_1, items: [{ variant: { sku: SHIRT-S } }] }
    expect:
      - track:
          event: Cart Created
          userId: cus_1
          properties: { cart_id: cart_1, skus: [SHIRT-S] }
`,
};
