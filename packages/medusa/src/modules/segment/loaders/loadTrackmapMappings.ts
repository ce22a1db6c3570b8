import type { LoaderOptions } from "@medusajs/framework/types";
import { asValue } from "@medusajs/framework/awilix";
import { loadHostMappings, prefixedLog } from "@trackmap/core";
import { defaultMappingsFolder } from "../defaultMappings";
import { resolveOptions } from "../options";

export const MAPPINGS_REGISTRATION = "trackmapMappings";
const SILENT = { info() {}, warn() {}, error() {} };

/**
 * Runs once at start-up: checks the options, loads and validates every mapping (the
 * defaults, then the store's folders). A broken mapping stops start-up with each
 * problem as file:line:col.
 */
export default async function loadTrackmapMappings({ container, options, logger }: LoaderOptions): Promise<void> {
  const resolved = resolveOptions(options);
  const mappings = await loadHostMappings(defaultMappingsFolder(), resolved, prefixedLog(logger ?? SILENT, "[trackmap]"));
  const tracked = mappings.events.filter((event) => !resolved.disable.includes(event));
  logger?.info(tracked.length ? `[trackmap] ${tracked.length} event(s) mapped to Segment: ${tracked.join(", ")}` : "[trackmap] no event is mapped to Segment (all disabled)");
  if (!resolved.writeKey) {
    logger?.warn("[trackmap] no write_key: dry run, the Segment calls are logged, not sent");
  }
  container.register(MAPPINGS_REGISTRATION, asValue(mappings));
}
