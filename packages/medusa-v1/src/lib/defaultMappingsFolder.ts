import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

const PACKAGE_NAME = "@trackmap/medusa-v1";

/**
 * The default v1 mappings shipped with the plugin (its `mappings/` folder), found from this file's
 * place: it works from the sources and from the built `dist/`.
 */
export function defaultMappingsFolder(from = __dirname): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === PACKAGE_NAME) {
      return join(dir, "mappings");
    }
  }
  throw new Error(`${PACKAGE_NAME}: cannot find the package folder above ${from}`);
}
