import { createIsolatedMapper, loadMappings, type SegmentCall } from "@trackmap/core";
import { MAPPINGS, orderWithLines, projectFields } from "../fixtures";
import { format, table, time } from "../measure";

/**
 * The default order.placed on orders of 1,000 and 10,000 lines through the isolated mapper with its
 * defaults (a 1 s budget per event, 256 MB per worker), as the plugin maps them: the first event on
 * a fresh pool, then warm, and what Order Completed carries (its size, how many products fit).
 */
export async function benchLargeOrders(): Promise<{ markdown: string }> {
  const { mappings } = await loadMappings(MAPPINGS);
  const mapping = mappings.forEvent("order.placed")!;
  const rows: string[][] = [];
  for (const lines of [1_000, 10_000]) {
    const { event, order: full } = orderWithLines(lines);
    const order = projectFields(full, mapping.load[0]!.fields) as Record<string, unknown>;
    const inputBytes = Buffer.byteLength(JSON.stringify(order));
    const mapper = await createIsolatedMapper({ mappings: MAPPINGS });
    try {
      const map = async () => {
        const { calls, errors } = await mapper.mapEvent(mapping, { name: "order.placed", data: event.data }, { records: { order } });
        if (errors.length) throw new Error(`${lines} lines, isolated: ${errors[0]!.message}`);
        return calls;
      };
      const coldStart = performance.now();
      const calls = await map();
      const cold = (performance.now() - coldStart) * 1000;
      const warm = await time(map, 1, 5);
      const completed = calls.find((call: SegmentCall) => call.type === "track") as { properties: Record<string, unknown> };
      const products = completed.properties.products as unknown[];
      rows.push([
        lines.toLocaleString("en"),
        format.bytes(inputBytes),
        format.us(cold),
        format.timing(warm),
        format.bytes(Buffer.byteLength(JSON.stringify(completed))),
        `${products.length} of ${String(completed.properties.product_count)} (products_truncated: ${String(completed.properties.products_truncated)})`,
      ]);
    } finally {
      await mapper.close();
    }
  }
  return {
    markdown: table(
      ["order lines", "order as loaded (JSON)", "first event on a fresh pool", "warm (per event)", "Order Completed", "products sent"],
      rows,
    ),
  };
}
