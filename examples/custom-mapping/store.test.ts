import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMappingTester, expectCalls, type MappingTester } from "@trackmap/core/testing";

// The store's mappings are layered over the defaults, as the Medusa plugin loads them.
const DEFAULTS = join(__dirname, "../../mappings");
const OURS = join(__dirname, "segment-mappings");

/** A fixture of the defaults: a whole mapping input written from a real Medusa order (mappings/fixtures/generated). */
function fixture(name: string) {
  return JSON.parse(readFileSync(join(DEFAULTS, "fixtures/generated", name), "utf8"));
}

describe("our Segment mappings", () => {
  let tester: MappingTester;
  beforeAll(async () => {
    tester = await createMappingTester({ mappings: [DEFAULTS, OURS] });
  });
  afterAll(() => tester.close());

  it("puts our brand (product metadata 'maker') and storefront URLs into Order Completed", async () => {
    const input = fixture("order-placed.registered.json");
    input.order.items[0].variant.product.metadata = { maker: "Acme Apparel" };

    const { calls, errors } = await tester.map("order.placed", input);

    expect(errors).toEqual([]);
    await expectCalls(calls, [
      {
        track: {
          event: "Order Completed",
          properties: {
            products: [
              { brand: "Acme Apparel", url: "https://shop.example.com/p/t-shirt", category: "Summer" },
              { url: "https://shop.example.com/p/sweatpants", category: "Basics" },
            ],
          },
        },
        assert: "= $not($exists(properties.products[1].brand))",
      },
      { identify: { userId: input.order.customer_id } },
    ]);
  });

  it("still handles the default events we did not override", () => {
    expect(tester.mappings.events).toEqual(expect.arrayContaining(["order.placed", "customer.created"]));
  });
});
