import { compileMappings, type MappingSet, resolveLimits, type EvaluationLimits } from "../compile";
import { sortDiagnostics, uniqueDiagnostics, type Diagnostic } from "../diagnostics/diagnostic";
import { linkMappings } from "../link";
import { readMappingFiles } from "../load";
import { checkFunctionNames } from "./checkFunctionNames";

export interface LoadOptions {
  limits?: Partial<EvaluationLimits>;
  /** Texts read instead of files' content, by absolute path (an editor's unsaved text, in `trackmap dev`). */
  sources?: ReadonlyMap<string, string>;
}

export interface LoadResult {
  mappings: MappingSet;
  /** Every problem found, errors and warnings, sorted by file and position. */
  diagnostics: Diagnostic[];
  /** Every mapping file found, in load order, except those skipped as no regular file. */
  files: string[];
}

/**
 * Loads mapping and library files from one or more roots (directories or files): reads
 * and checks each file, links mappings to their libraries, and compiles them. For an
 * event handled in several roots, the last root wins: that is how a store overrides a
 * default mapping. Every file is checked, including overridden ones, and every problem
 * is reported at once.
 */
export async function loadMappings(paths: string | readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const read = await readMappingFiles(typeof paths === "string" ? [paths] : paths, options.sources);
  const linked = linkMappings(read.parsed, read.broken);
  const mappings = compileMappings(linked, resolveLimits(options.limits));
  const unknownFunctions = checkFunctionNames(linked.byFile.values());
  return {
    mappings,
    diagnostics: sortDiagnostics(uniqueDiagnostics([...read.diagnostics, ...linked.diagnostics, ...unknownFunctions])),
    files: read.files,
  };
}
