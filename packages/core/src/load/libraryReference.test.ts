import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COMMERCE_LIBRARY, COMMERCE_LIBRARY_PAGE, renderLibraryReference } from "./libraryReference";

describe("renderLibraryReference", () => {
  it("documents each preset and function from the comment above it, with the function's parameters", () => {
    const library = [
      "library: shop",
      "description: What the shop mappings share.",
      "presets:",
      "  # A cart, for the cart events.",
      "  cart: { entity: cart, fields: [id, total] }",
      "functions:",
      "  # The total in cents.",
      "  # Rounded.",
      "  cents: 'function($cart, $rate) { $round($cart.total * 100) }'",
      "  bare: 'function() { 1 }'",
      "",
    ].join("\n");

    expect(renderLibraryReference(library, "lib/shop.yaml")).toBe(
      [
        "# The `shop` library",
        "",
        "<!-- Generated from lib/shop.yaml by `pnpm --filter @trackmap/core run docs`; a test keeps it in sync. -->",
        "",
        "What the shop mappings share.",
        "",
        "A mapping uses it with `use: [shop]`; its presets load a record with `load: { order: { preset: order, id: = event.data.id } }`, its functions are called as `$name(...)`. Source: [lib/shop.yaml](lib/shop.yaml).",
        "",
        "## Presets",
        "",
        "### `cart` (entity `cart`)",
        "",
        "A cart, for the cart events.",
        "",
        "Fields: `id`, `total`",
        "",
        "## Functions",
        "",
        "### `$cents($cart, $rate)`",
        "",
        "The total in cents. Rounded.",
        "",
        "### `$bare()`",
        "",
        "(no description in the library)",
        "",
      ].join("\n"),
    );
  });

  it("docs/commerce-library.md is in sync with mappings/lib/commerce.yaml (run `pnpm --filter @trackmap/core run docs` to update)", () => {
    expect(readFileSync(COMMERCE_LIBRARY_PAGE, "utf8")).toBe(
      renderLibraryReference(readFileSync(COMMERCE_LIBRARY, "utf8"), "../mappings/lib/commerce.yaml"),
    );
  });
});
