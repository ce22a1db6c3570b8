import { access } from "node:fs/promises";
import { ERROR_CODES_DOCS } from "../../diagnostics/codes";
import { type Diagnostic, diagnostic, hasErrors, sortDiagnostics } from "../../diagnostics/diagnostic";
import { formatDiagnostics } from "../../diagnostics/formatDiagnostic";
import { findFiles, isTestFile } from "../../load";
import { type LoadResult, loadMappings } from "../../pipeline";
import { suggestClosest } from "../../shared/suggestClosest";
import { readTestFile } from "../../testing/readTestFile";
import { loadTrackingPlan } from "../../testing/trackingPlan";
import { untestedMappings } from "../../testing/untestedMappings";
import type { Output } from "../output";
import { isInside } from "../../shared/isInside";
import type { StoreContext } from "../storeContext";

/**
 * `trackmap validate [paths...]`: every problem of the store's mapping, test and plan files at once,
 * warnings included. The plugin's defaults are loaded underneath (a store mapping may use their
 * libraries) but their own files are the plugin's business, not reported.
 */
export async function validateCommand(context: StoreContext, options: { json?: boolean }, out: Output): Promise<number> {
  const paths = context.storeMappings;
  const loaded = await loadMappings(context.layers);
  const storeFiles = loaded.files.filter((file) => isInside(file, paths));
  const diagnostics = loaded.diagnostics.filter((d) => isInside(d.file, paths));
  diagnostics.push(...unknownEvents(loaded, storeFiles, context));
  let testFiles = 0;
  const tested: string[] = [];
  for (const path of paths) {
    const found = await findFiles(path, isTestFile);
    diagnostics.push(...(found?.problems ?? []));
    for (const file of found?.files ?? []) {
      const { suite, diagnostics: problems, skipped } = await readTestFile(file);
      if (!skipped) testFiles++;
      diagnostics.push(...problems);
      if (suite) tested.push(suite.mappingPath);
      // `trackmap test` would fail on it: say so now.
      if (suite && !(await exists(suite.mappingPath))) {
        diagnostics.push(
          diagnostic("TM_TEST_MAPPING_NOT_FOUND", file, `the mapping under test, ${suite.mappingPath}, does not exist`, {
            hint: "name the test file after its mapping (x.test.yaml tests x.yaml, x.yml or x.jsonata), or give `mapping: file`",
          }),
        );
      }
    }
  }
  diagnostics.push(...untestedMappings(loaded, storeFiles, tested, "warning"));
  diagnostics.push(...(await loadTrackingPlan(paths)).diagnostics);
  const sorted = sortDiagnostics(diagnostics);
  const ok = !hasErrors(sorted);
  const events = loaded.mappings.events.filter((event) => storeFiles.some((file) => loaded.mappings.forFile(file)?.on.includes(event)));
  if (options.json) {
    out.stdout(`${JSON.stringify({ ok, files: storeFiles, events, diagnostics: sorted }, null, 2)}\n`);
    return ok ? 0 : 1;
  }
  if (sorted.length) out.stderr(`${formatDiagnostics(sorted, { color: out.color })}\n\n`);
  const errors = sorted.filter((d) => d.severity === "error").length;
  const warnings = sorted.length - errors;
  const counts = `${storeFiles.length} mapping file(s), ${testFiles} test file(s)`;
  if (ok) {
    const note = warnings ? `, ${warnings} warning(s)` : "";
    const over = context.layers.length > paths.length && context.plugin ? ` (over ${context.plugin.name}'s defaults)` : "";
    out.stdout(`✔ valid: ${counts}, ${events.length} event(s) mapped${over}${note}\n`);
  } else {
    out.stderr(`✖ ${errors} error(s)${warnings ? `, ${warnings} warning(s)` : ""} in ${counts}\nwhat each code means: ${ERROR_CODES_DOCS}\n`);
  }
  return ok ? 0 : 1;
}

/** `on:` events the installed plugin never emits to mappings: such a mapping would never run. */
function unknownEvents(loaded: LoadResult, storeFiles: readonly string[], context: StoreContext): Diagnostic[] {
  const known = context.plugin?.events;
  if (!known) return [];
  return storeFiles.flatMap((file) => {
    const mapping = loaded.mappings.forFile(file)?.file;
    if (!mapping) return [];
    return mapping.on
      .filter((event) => !known.includes(event))
      .map((event) => {
        const closest = suggestClosest(event, known);
        return diagnostic(
          "TM_UNKNOWN_EVENT",
          { ...mapping.onLocation, source: mapping.source },
          `${context.plugin?.name} ${context.plugin?.version} does not listen to "${event}"`,
          {
            severity: "warning",
            path: "on",
            hint: closest
              ? `did you mean "${closest}"?`
              : "the events it listens to are in docs/events.md; for another one, call trackEvent from a subscriber of your own",
          },
        );
      });
  });
}

function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
