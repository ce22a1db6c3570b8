import { hasErrors } from "../diagnostics/diagnostic";
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
  for (const warning of diagnostics) log.warn(`${warning.file}:${warning.line}:${warning.column} ${warning.message}`);
  return mappings;
}
