import { access } from "node:fs/promises";
import { ERROR_CODES_DOCS } from "../../diagnostics/codes";
import { diagnostic, hasErrors, sortDiagnostics } from "../../diagnostics/diagnostic";
import { formatDiagnostics } from "../../diagnostics/formatDiagnostic";
import { findFiles, isTestFile } from "../../load";
import { loadMappings } from "../../pipeline";
import { readTestFile } from "../../testing/readTestFile";
import { loadTrackingPlan } from "../../testing/trackingPlan";
import type { Output } from "../output";

/** `trackmap validate [paths...]`: every problem of every mapping, test and plan file, at once. */
export async function validateCommand(paths: string[], options: { json?: boolean }, out: Output): Promise<number> {
  const loaded = await loadMappings(paths);
  const diagnostics = [...loaded.diagnostics];
  let testFiles = 0;
  for (const path of paths) {
    for (const file of (await findFiles(path, isTestFile)) ?? []) {
      const { suite, diagnostics: problems, skipped } = await readTestFile(file);
      if (!skipped) testFiles++;
      diagnostics.push(...problems);
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
  diagnostics.push(...(await loadTrackingPlan(paths)).diagnostics);
  const sorted = sortDiagnostics(diagnostics);
  const ok = !hasErrors(sorted);

  if (options.json) {
    out.stdout(`${JSON.stringify({ ok, files: loaded.files, events: loaded.mappings.events, diagnostics: sorted }, null, 2)}\n`);
    return ok ? 0 : 1;
  }
  if (sorted.length) out.stderr(`${formatDiagnostics(sorted, { color: out.color })}\n\n`);
  const errors = sorted.filter((d) => d.severity === "error").length;
  const warnings = sorted.length - errors;
  const counts = `${loaded.files.length} mapping file(s), ${testFiles} test file(s)`;
  if (ok) {
    const note = warnings ? `, ${warnings} warning(s)` : "";
    out.stdout(`✔ valid: ${counts}, ${loaded.mappings.size} event(s) mapped${note}\n`);
  } else {
    out.stderr(`✖ ${errors} error(s)${warnings ? `, ${warnings} warning(s)` : ""} in ${counts}\nwhat each code means: ${ERROR_CODES_DOCS}\n`);
  }
  return ok ? 0 : 1;
}

function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
