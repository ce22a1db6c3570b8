import { loadMappings, evaluateMapping, prepareCalls } from "@trackmap/core";
import { MAPPINGS, orderWithLines, projectFields } from "./fixtures";
(async () => {
  const { mappings } = await loadMappings(MAPPINGS);
  const mapping = mappings.forEvent("order.placed")!;
  const { event, order: full } = orderWithLines(10000);
  const order = projectFields(full, mapping.load[0]!.fields) as Record<string, unknown>;
  const text = JSON.stringify({ data: event.data, records: { order } });
  for (let i = 0; i < 3; i++) {
    let t = performance.now();
    const input = JSON.parse(text);
    const a = performance.now() - t;
    t = performance.now();
    const out = await evaluateMapping(mapping, { name: "order.placed", data: input.data }, { records: input.records });
    const b = performance.now() - t;
    t = performance.now();
    prepareCalls(out);
    console.log(i, {
      parse: a.toFixed(0),
      evaluate: b.toFixed(0),
      prepare: (performance.now() - t).toFixed(0),
      heap: (process.memoryUsage().heapUsed / 1e6).toFixed(0),
    });
  }
})();
