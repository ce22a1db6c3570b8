import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dataOf, renderEventCatalogue } from "./eventCatalogue";

const PAGE = join(__dirname, "..", "..", "..", "..", "docs", "events.md");

describe("the event catalogue", () => {
  it("gives an event named after its entity { id } and a load of that entity, and a deleted one nothing to load", () => {
    expect(dataOf("product.created")).toEqual({ keys: ["id"], load: { entity: "product", idKey: "id" }, captured: false });
    expect(dataOf("sales-channel.updated")).toEqual({ keys: ["id"], load: { entity: "sales_channel", idKey: "id" }, captured: false });
    expect(dataOf("customer.deleted")).toEqual({ keys: ["id"], captured: false });
    expect(dataOf("order.return_received")).toEqual({
      keys: ["order_id", "return_id"],
      load: { entity: "order", idKey: "order_id" },
      captured: true,
    });
  });

  it("docs/events.md is in sync with the plugin's event list (WRITE_DOCS=1 npx vitest run src/lib/eventCatalogue rewrites it)", () => {
    if (process.env.WRITE_DOCS) writeFileSync(PAGE, renderEventCatalogue());
    expect(readFileSync(PAGE, "utf8")).toBe(renderEventCatalogue());
  });
});
