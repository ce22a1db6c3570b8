import { describe, expect, it } from "vitest";
import { fileLabel } from "./fileLabel";

describe("fileLabel", () => {
  it("names a store's file from the working folder", () => {
    expect(fileLabel("/srv/store/trackmap/product-created.yaml", "/srv/store")).toBe("trackmap/product-created.yaml");
  });

  it("names a file of an installed plugin from its package name, through npm's or pnpm's layout", () => {
    expect(fileLabel("/srv/store/node_modules/@trackmap/medusa/mappings/order-placed.yaml", "/srv/store")).toBe(
      "@trackmap/medusa/mappings/order-placed.yaml",
    );
    expect(
      fileLabel("/srv/store/node_modules/.pnpm/@trackmap+medusa@0.1.0_abc/node_modules/@trackmap/medusa/mappings/order-placed.yaml", "/srv/store"),
    ).toBe("@trackmap/medusa/mappings/order-placed.yaml");
  });
});
