import { realpathSync } from "node:fs";
import { resolve } from "node:path";

/**
 * Medusa's CLI keeps the options it does not know (`--json`, `--all`) out of `args`: read them
 * from the command line itself, after the script's path (`script`, its __filename).
 */
export function argumentsAfterScript(script: string): string[] | undefined {
  const index = process.argv.findIndex((arg) => realPath(arg) === script);
  return index === -1 ? undefined : process.argv.slice(index + 1);
}

function realPath(path: string): string | undefined {
  try {
    return realpathSync(resolve(path));
  } catch {
    return undefined;
  }
}
