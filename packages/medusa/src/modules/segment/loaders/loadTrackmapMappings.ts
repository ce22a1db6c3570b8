import { asValue } from "@medusajs/framework/awilix";
import type { LoaderOptions } from "@medusajs/framework/types";
import { deliveryNotes, loadHostMappings, logTrackedEvents, shippedMappingsFolder, trackmapLog } from "@trackmap/core/host";
import { PACKAGE_NAME, resolveOptions } from "../options";

export const MAPPINGS_REGISTRATION = "trackmapMappings";
const SILENT = { info() {}, warn() {}, error() {} };

/**
 * Runs once at start-up (in every process: server, worker, `medusa exec`): checks the options,
 * loads and validates every mapping (the defaults, then the store's folders). A broken mapping
 * stops start-up with each problem as file:line:col, before the service (which starts its workers
 * with them, and logs their warnings) is made.
 */
export default async function loadTrackmapMappings({ container, options, logger }: LoaderOptions): Promise<void> {
  const resolved = resolveOptions(options);
  const log = trackmapLog(logger ?? SILENT);
  // Its warnings are the service's to log, once; it takes these mappings rather than loading them again.
  const loaded = await loadHostMappings(shippedMappingsFolder(PACKAGE_NAME, __dirname), resolved);
  logTrackedEvents(
    log,
    loaded.mappings.events.filter((event) => !resolved.disable.includes(event)),
  );
  // The outbox's own start-up check (its table) is the service's, once per process.
  for (const note of deliveryNotes(resolved, true)) log.warn(note);
  container.register(MAPPINGS_REGISTRATION, asValue(loaded));
}
