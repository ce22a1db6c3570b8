import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TrackCall } from "../calls/segmentCall";
import { loadMappings } from "../pipeline";
import { startSegmentServer, type SegmentServer } from "../testing/segmentServer";
import { DEFAULT_MAPPINGS, orderWithLines, projectFields } from "../testHelpers/largeOrder";
import { readHostOptions } from "./hostOptions";
import { HostRuntime } from "./hostRuntime";
import { OptionReader } from "./optionReader";

// The plugin's path with its defaults: the default mappings, isolation on (a worker process, the
// 1 s budget, the heap limit), the order loaded with the fields the mapping asks for, as Query gives them.

let segment: SegmentServer;
beforeAll(async () => {
  segment = await startSegmentServer();
});
afterAll(() => segment.close());

describe("a 10,000-line order through the default mappings, isolated with the default budget", () => {
  it("gives a deliverable Order Completed under 32 KB: the first products that fit, products_truncated and the count of lines", async () => {
    const { mappings } = await loadMappings(DEFAULT_MAPPINGS);
    const fields = mappings.forEvent("order.placed")!.load[0]!.fields;
    const { event, order } = orderWithLines(10_000);
    const loaded = projectFields(order, fields);
    const options = readHostOptions(new OptionReader("@example/host", { write_key: "wk", host: segment.url, flush_at: 1, outbox: false }));
    expect(options.evaluation).toMatchObject({ budgetMs: 1000 });
    const runtime = new HostRuntime<unknown>({
      packageName: "@example/host",
      options,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      shippedMappings: DEFAULT_MAPPINGS,
      recordLoader: () => async () => loaded,
    });
    try {
      const result = await runtime.trackEvent({ name: "order.placed", data: event.data }, undefined);
      expect(result?.errors).toEqual([]);
      expect(await result?.delivered).toEqual([expect.objectContaining({ status: "delivered" }), expect.objectContaining({ status: "delivered" })]);

      const completed = segment.messages.find((message) => message.event === "Order Completed") as unknown as TrackCall;
      const properties = completed.properties as { products: Array<{ position: number }>; products_truncated: boolean; product_count: number };
      expect(Buffer.byteLength(JSON.stringify(completed))).toBeLessThanOrEqual(32 * 1024);
      expect(properties).toMatchObject({ products_truncated: true, product_count: 10_000 });
      expect(properties.products.length).toBeGreaterThan(100);
      expect(properties.products.map((product) => product.position)).toEqual(properties.products.map((_, i) => i + 1));
    } finally {
      await runtime.close();
    }
  });
});
