import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The folders are the pipeline: load → link → compile → evaluate → validate → deliver, and
 * each stage only looks down. `pipeline/` composes the stages; `testing/`, `cli/` and `host/`
 * use them. Below them all sit `calls/`, `diagnostics/` and `shared/`, which any module may
 * use. A module outside a stage uses the stage through its index.ts, never a file inside it.
 * Test files are examples of use and may import anything.
 */
const PIPELINE = ["load", "link", "compile", "evaluate", "validate", "deliver"] as const;
const STAGES = [...PIPELINE, "pipeline"];
const FOUNDATION = ["calls", "diagnostics", "shared"];

/** What each folder may import besides itself and the foundation. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  calls: [],
  diagnostics: [],
  shared: [],
  load: [],
  link: ["load"],
  compile: ["load", "link"],
  // Evaluation sees compiled mappings only, never the files they came from.
  evaluate: ["compile"],
  validate: ["evaluate"],
  deliver: ["evaluate", "validate"],
  pipeline: ["load", "link", "compile", "evaluate", "validate"],
  testing: ["load", "compile", "evaluate", "validate", "deliver", "pipeline", "isolate"],
  // Isolated evaluation runs the pipeline in worker processes.
  isolate: ["compile", "evaluate", "validate", "pipeline"],
  host: ["compile", "deliver", "evaluate", "validate", "pipeline", "isolate", "tracker.ts"],
  cli: ["load", "compile", "evaluate", "validate", "deliver", "pipeline", "testing", "isolate"],
};

const SRC = __dirname;

interface ImportEdge {
  file: string;
  target: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "testHelpers" || entry.name === "__fixtures__" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [relative(SRC, path)] : [];
  });
}

/** The relative imports (and re-exports) of every non-test module, as paths from src/. */
function importEdges(): ImportEdge[] {
  return sourceFiles(SRC).flatMap((file) => {
    const text = readFileSync(join(SRC, file), "utf8");
    const specifiers = [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+"(\.[^"]*)";/gms)].map((m) => m[1]!);
    return specifiers.map((specifier) => ({ file, target: relative(SRC, resolve(SRC, dirname(file), specifier)) }));
  });
}

const FILES = new Set(sourceFiles(SRC));

/** The folder of a module (`load`), or the file for a module at the top (`tracker.ts`). */
function folderOf(path: string): string {
  if (path.includes("/")) return path.slice(0, path.indexOf("/"));
  return FILES.has(path) || FILES.has(`${path}.ts`) ? path.replace(/(\.ts)?$/, ".ts") : path;
}

/** A stage's API: its index.ts, or the index.ts of a folder inside it (deliver/outbox). */
function isStageApi(target: string): boolean {
  return !FILES.has(`${target}.ts`);
}

describe("stage boundaries", () => {
  const edges = importEdges();

  it("finds the imports it checks", () => {
    expect(edges.length).toBeGreaterThan(100);
    expect(edges).toContainEqual({ file: "pipeline/loadMappings.ts", target: "link" });
  });

  it("lets each pipeline stage depend only on earlier stages", () => {
    for (const [index, stage] of PIPELINE.entries()) {
      const later = MAY_IMPORT[stage]!.filter((other) => PIPELINE.indexOf(other as (typeof PIPELINE)[number]) >= index);
      expect(later, `${stage} may import`).toEqual([]);
    }
  });

  it("has every folder import only the foundation, itself and the folders it may use", () => {
    const breaches = edges
      .filter(({ file }) => file.includes("/"))
      .filter(({ file, target }) => {
        const from = folderOf(file);
        const to = folderOf(target);
        return from !== to && !FOUNDATION.includes(to) && !(MAY_IMPORT[from] ?? []).includes(to);
      })
      .map(({ file, target }) => `${file} imports ${target}`);

    expect(breaches).toEqual([]);
  });

  it("has modules outside a stage use it through its index.ts, not the files inside it", () => {
    const breaches = edges
      .filter(({ file, target }) => file !== "index.ts" && STAGES.includes(folderOf(target)) && folderOf(file) !== folderOf(target))
      .filter(({ target }) => !isStageApi(target))
      .map(({ file, target }) => `${file} imports ${target}`);

    expect(breaches).toEqual([]);
  });
});
