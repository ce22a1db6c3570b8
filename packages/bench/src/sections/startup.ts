import { mkdtemp, readFile, rm, writeFile, mkdir, cp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadMappings } from "@trackmap/core";
import { MAPPINGS } from "../fixtures";
import { format, table, time } from "../measure";

/** Loading, validating and compiling the default mappings, and 100 mappings. */
export async function benchStartup(): Promise<{ markdown: string; defaults: number; hundred: number }> {
  const dir = await mkdtemp(join(tmpdir(), "trackmap-bench-"));
  try {
    // 100 mappings: the default order.placed mapping for 100 event names, with the default library.
    await mkdir(join(dir, "lib"));
    await cp(join(MAPPINGS, "lib"), join(dir, "lib"), { recursive: true });
    const mapping = await readFile(join(MAPPINGS, "order-placed.yaml"), "utf8");
    for (let i = 0; i < 100; i++) await writeFile(join(dir, `m${i}.yaml`), mapping.replace("on: order.placed", `on: bench.event_${i}`));

    const load = async (path: string) => {
      const { diagnostics, mappings } = await loadMappings(path);
      if (diagnostics.some((d) => d.severity === "error")) throw new Error(`${path} has problems`);
      return mappings;
    };
    const defaults = await time(() => load(MAPPINGS), 1, 5);
    const hundred = await time(() => load(dir), 1, 3);
    const count = (await load(MAPPINGS)).size;
    return {
      defaults: defaults.median,
      hundred: hundred.median,
      markdown: table(
        ["mappings", "load + validate + compile"],
        [
          [`the defaults (${count} events)`, format.timing(defaults)],
          ["100 mappings (order.placed's, 100 times)", format.timing(hundred)],
        ],
      ),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
