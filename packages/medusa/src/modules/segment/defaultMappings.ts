import { join } from "node:path";
import { findPackageFolder } from "@trackmap/core";

/**
 * The default mappings shipped with the plugin (its `mappings/` folder), found from this file's
 * place: it works from the sources and from the built `.medusa/server`.
 */
export function defaultMappingsFolder(from = __dirname): string {
  return join(findPackageFolder("@trackmap/medusa", from), "mappings");
}
