import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { SegmentCall } from "../../calls/segmentCall";
import type { Diagnostic } from "../../diagnostics/diagnostic";
import { loadMappings, mapEvent, mapInput } from "../../pipeline";
import { loadTrackingPlan, readTestFile, runTestCase } from "../../testing";

/** A mapping as the playground's editor holds it, and what to map it on. */
export interface Draft {
  /** The mapping file being edited (absolute, or relative to the working folder). */
  mapping: string;
  /** The editor's text; the file's content when absent. */
  text?: string;
  /** The input: records by name, optionally `event: { data }` (a fixture's content). */
  input?: Record<string, unknown>;
}

export interface DraftResult {
  /** Problems of the edited file (and of the set it loads in), errors and warnings. */
  diagnostics: Diagnostic[];
  /** The calls for the input, each with its size as Segment counts it (bytes of its JSON; 32 KB at most). */
  calls: Array<{ call: SegmentCall; bytes: number }>;
  /** Mapping failures for the input, as messages. */
  errors: string[];
  /** The cases of the mapping's test file run against the draft; empty without a test file. */
  tests: Array<{ name: string; line: number; passed: boolean; problems: string[] }>;
}

/**
 * Everything the playground shows for a draft: loads the folders with the draft's text in place of
 * its file (so `use:` libraries and presets link as on disk), maps the input, and runs the
 * mapping's tests. The file itself is not written.
 */
export async function evaluateDraft(folders: readonly string[], draft: Draft): Promise<DraftResult> {
  const path = resolve(draft.mapping);
  const sources = draft.text === undefined ? undefined : new Map([[path, draft.text]]);
  const loaded = await loadMappings(folders, { sources });
  const diagnostics = loaded.diagnostics.filter((d) => resolve(d.file) === path || d.severity === "error");
  const mapping = loaded.mappings.forFile(path);
  const result: DraftResult = { diagnostics, calls: [], errors: [], tests: [] };
  if (!mapping) return result;

  if (draft.input) {
    const { calls, errors } = await mapInput(mapping, mapping.on[0] ?? "", draft.input);
    result.calls = calls.map((call) => ({ call, bytes: Buffer.byteLength(JSON.stringify(call)) }));
    result.errors = errors.map((error) => error.message);
  }

  const testFile = path.replace(/\.(ya?ml|jsonata)$/, ".test.yaml");
  if (existsSync(testFile)) {
    const { suite, diagnostics: suiteProblems } = await readTestFile(testFile);
    result.diagnostics.push(...suiteProblems);
    const { plan } = await loadTrackingPlan(folders);
    // On this thread, within the compiled limits (timeout_ms, max_depth): a draft is small and changes at each key.
    for (const testCase of suite?.cases ?? []) {
      const outcome = await runTestCase(testCase, mapping, plan, mapEvent, {});
      result.tests.push({ name: outcome.name, line: outcome.line, passed: outcome.passed, problems: outcome.mismatches.map((m) => m.message) });
    }
  }
  return result;
}
