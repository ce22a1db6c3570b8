import { describe, expect, it } from "vitest";
import { createV1RecordLoader, serviceName } from "./loadV1Record";

// Medusa v1's services run in examples/medusa-v1-store's tests; here, only how the loader picks and calls them.
function containerWith(services: Record<string, unknown>) {
  return {
    resolve<T>(name: string): T {
      if (!(name in services)) throw new Error(`Could not resolve '${name}'`);
      return services[name] as T;
    },
  };
}

describe("createV1RecordLoader", () => {
  it("names Medusa v1's services after the entity", () => {
    expect(serviceName("order")).toBe("orderService");
    expect(serviceName("line_item")).toBe("lineItemService");
    expect(serviceName("product-variant")).toBe("productVariantService");
  });

  it("asks for totals where the service computes them, with the mapping's fields as relations", async () => {
    const calls: unknown[] = [];
    const orderService = {
      retrieve: async () => ({ id: "order_1" }),
      retrieveWithTotals: async (id: string, config: unknown) => {
        calls.push([id, config]);
        return { id, total: 1000 };
      },
    };
    const load = createV1RecordLoader(containerWith({ orderService }));
    await expect(load({ name: "order", entity: "order", id: "order_1", fields: ["items", "items.variant"] })).resolves.toEqual({
      id: "order_1",
      total: 1000,
    });
    expect(calls).toEqual([["order_1", { relations: ["items", "items.variant"] }]]);
  });

  it("uses retrieve where there are no totals, and gives null for a record Medusa does not find", async () => {
    const notFound = Object.assign(new Error("Swap with id: swap_x was not found"), { type: "not_found" });
    const swapService = { retrieve: async (id: string) => (id === "swap_1" ? { id } : Promise.reject(notFound)) };
    const load = createV1RecordLoader(containerWith({ swapService }));
    await expect(load({ name: "swap", entity: "swap", id: "swap_1", fields: [] })).resolves.toEqual({ id: "swap_1" });
    await expect(load({ name: "swap", entity: "swap", id: "swap_x", fields: [] })).resolves.toBeNull();
  });

  it("lets other failures through, for the core to report as TM_LOAD_FAILED", async () => {
    const claimService = { retrieve: async () => Promise.reject(new Error("connection terminated")) };
    const load = createV1RecordLoader(containerWith({ claimService }));
    await expect(load({ name: "claim", entity: "claim", id: "claim_1", fields: [] })).rejects.toThrow("connection terminated");
  });
});
