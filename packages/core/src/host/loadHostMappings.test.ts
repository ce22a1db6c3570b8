import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeTree } from "../testHelpers/writeTree";
import { loadHostMappings, logWarnings } from "./loadHostMappings";

const quiet = { info() {}, warn() {}, error() {} };

describe("loadHostMappings: a host's shipped mappings, then the store's", () => {
  it("layers the store's folders over the defaults, and returns the warnings for the host to log, one a line", async () => {
    const dir = await writeTree({
      "defaults/order-placed.yaml": "on: order.placed\ncalls:\n  - track: { event: Order Completed, userId: u }\n",
      "store/order-placed.yaml": "on: order.placed\ncalls:\n  - track: { event: Order Placed, userId: u, properties: { order_id: event.data.id } }\n",
    });
    const warnings: string[] = [];

    const { mappings, diagnostics } = await loadHostMappings(join(dir, "defaults"), { mappings: [join(dir, "store")], limits: {} });
    logWarnings(diagnostics, { ...quiet, warn: (m) => warnings.push(m) });

    expect(mappings.forEvent("order.placed")?.file.path).toBe(join(dir, "store/order-placed.yaml"));
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^${join(dir, "store/order-placed.yaml")}:3:\\d+ .*`))]);
  });

  it("throws TM_INVALID_MAPPINGS naming every broken file, line and column", async () => {
    const dir = await writeTree({ "defaults/order-placed.yaml": "on: [order.placed\n" });

    await expect(loadHostMappings(join(dir, "defaults"), { mappings: [], limits: {} })).rejects.toMatchObject({
      code: "TM_INVALID_MAPPINGS",
      message: expect.stringContaining("order-placed.yaml:2:1"),
    });
  });
});
