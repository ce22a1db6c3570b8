import { resolve } from "node:path";
import { type Diagnostic, diagnostic, type Severity } from "../diagnostics/diagnostic";
import type { LoadResult } from "../pipeline";

/**
 * The mappings among `files` that no test file tests (`tested`: the mappings under test, as test
 * files name them). Libraries need none: their functions are tested through the mappings.
 */
export function untestedMappings(loaded: LoadResult, files: readonly string[], tested: readonly string[], severity: Severity): Diagnostic[] {
  const testedPaths = new Set(tested.map((path) => resolve(path)));
  return files
    .filter((file) => loaded.mappings.forFile(file) && !testedPaths.has(resolve(file)))
    .map((file) => diagnostic("TM_MAPPING_UNTESTED", file, "this mapping has no test file", { severity }));
}
