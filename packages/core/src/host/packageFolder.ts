import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The folder of the installed package named `packageName`, found by walking up from `from`
 * (a file's `__dirname`): a host finds the mappings it ships whether it runs from its sources
 * or from its build output.
 */
export function findPackageFolder(packageName: string, from: string): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === packageName) return dir;
  }
  throw new Error(`${packageName}: cannot find the package folder above ${from}`);
}

/** The mappings a host package ships in its `mappings/` folder, found from one of its files (`__dirname`). */
export function shippedMappingsFolder(packageName: string, from: string): string {
  return join(findPackageFolder(packageName, from), "mappings");
}
