import { createIsolatedMapper, loadMappings } from "@trackmap/core";
import { MAPPINGS, orderWithLines, projectFields } from "./fixtures";
(async () => {
  const lines = Number(process.argv[2]);
  const { mappings } = await loadMappings(MAPPINGS);
  const mapping = mappings.forEvent("order.placed")!;
  const mapper = await createIsolatedMapper({ mappings: MAPPINGS, budget: { budgetMs: 60_000 } });
  const { event, order: full } = orderWithLines(lines);
  const order = projectFields(full, mapping.load[0].fields) as Record<string, unknown>;
  const ev = { name: "order.placed", data: event.data };
  for (let i = 0; i < 2; i++) await mapper.mapEvent(mapping, ev, { records: { order } });
  // Blocks seen by a timer that should fire every 1 ms.
  const gaps: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => { const now = performance.now(); gaps.push(now - last); last = now; }, 1);
  for (let i = 0; i < 3; i++) { const r = await mapper.mapEvent(mapping, ev, { records: { order } }); if (i === 0) console.log("errors", r.errors.map((e) => e.code)); }
  clearInterval(timer);
  gaps.sort((a, b) => b - a);
  console.log(lines, "lines: longest gaps between 1 ms ticks (ms):", gaps.slice(0, 6).map((g) => g.toFixed(1)).join(" "));
  await mapper.close();
})();
