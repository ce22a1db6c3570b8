import { createIsolatedMapper, loadMappings } from "@trackmap/core";
import { MAPPINGS, orderWithLines, projectFields } from "./fixtures";
(async () => {
  const { mappings } = await loadMappings(MAPPINGS);
  const mapping = mappings.forEvent("order.placed")!;
  const { event, order: full } = orderWithLines(10000);
  const order = projectFields(full, mapping.load[0]!.fields) as Record<string, unknown>;
  for (const heapMb of [256, 512]) {
    const mapper = await createIsolatedMapper({ mappings: MAPPINGS, budget: { budgetMs: 10000, heapMb } });
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const { errors } = await mapper.mapEvent(mapping, { name: "order.placed", data: event.data }, { records: { order } });
      console.log(
        heapMb,
        i,
        (performance.now() - t).toFixed(0),
        errors.map((e) => e.code),
      );
    }
    await mapper.close();
  }
})();
