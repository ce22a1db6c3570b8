import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic";
import { invalidMappingsError } from "../diagnostics/trackmapError";
import type { MappingSet } from "../compile";
import { loadMappings } from "../pipeline";
import type { HostLog } from "./hostLog";
import type { ResolvedHostOptions } from "./hostOptions";

/**
 * A host's mappings: the ones it ships (`defaultFolder`), then the store's folders, each layer
 * overriding the one before. Throws `TM_INVALID_MAPPINGS` with every problem as file:line:col;
 * warnings go to the log, one line each.
 */
export async function loadHostMappings(
  defaultFolder: string,
  options: Pick<ResolvedHostOptions, "mappings" | "limits">,
  log: HostLog,
): Promise<MappingSet> {
  const { mappings, diagnostics } = await loadMappings([defaultFolder, ...options.mappings], { limits: options.limits });
  if (hasErrors(diagnostics)) throw invalidMappingsError(diagnostics);
  logWarnings(diagnostics, log);
  return mappings;
}

/** Each warning on one line of the host's log. */
export function logWarnings(warnings: readonly Diagnostic[], log: HostLog): void {
  // A warning about a whole file (line 0) names the file alone, not file:0:0.
  for (const { file, line, column, message } of warnings) log.warn(`${line ? `${file}:${line}:${column}` : file} ${message}`);
}
