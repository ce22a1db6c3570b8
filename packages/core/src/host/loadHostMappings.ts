import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic";
import { invalidMappingsError } from "../diagnostics/trackmapError";
import { type LoadResult, loadMappings } from "../pipeline";
import type { HostLog } from "./hostLog";
import type { ResolvedHostOptions } from "./hostOptions";

/**
 * A host's mappings: the ones it ships (`defaultFolder`), then the store's folders, each layer
 * overriding the one before. Throws `TM_INVALID_MAPPINGS` with every problem as file:line:col;
 * what it returns holds the warnings, for the host to log (logWarnings) where it chooses.
 */
export async function loadHostMappings(defaultFolder: string, options: Pick<ResolvedHostOptions, "mappings" | "limits">): Promise<LoadResult> {
  const loaded = await loadMappings(hostMappingRoots(defaultFolder, options), { limits: options.limits });
  if (hasErrors(loaded.diagnostics)) throw invalidMappingsError(loaded.diagnostics);
  return loaded;
}

/** The folders a host's mappings are loaded from, the shipped ones first. */
export function hostMappingRoots(defaultFolder: string, options: Pick<ResolvedHostOptions, "mappings">): string[] {
  return [defaultFolder, ...options.mappings];
}

/** Each warning on one line of the host's log. */
export function logWarnings(warnings: readonly Diagnostic[], log: HostLog): void {
  // A warning about a whole file (line 0) names the file alone, not file:0:0.
  for (const { file, line, column, message } of warnings) log.warn(`${line ? `${file}:${line}:${column}` : file} ${message}`);
}
