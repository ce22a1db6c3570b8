import { realpathSync } from "node:fs";
import { resolve } from "node:path";

/**
 * Medusa's CLI keeps the options it does not know out of `args` (`--json`, `--all`), and refuses
 * those with a value (`--rate 100`: "Unknown argument") unless they follow `--`: read them from the
 * command line itself, after the script's path (`script`, its __filename) and that `--`.
 */
export function argumentsAfterScript(script: string): string[] | undefined {
  const index = process.argv.findIndex((arg) => realPath(arg) === script);
  if (index === -1) return undefined;
  const after = process.argv.slice(index + 1);
  const separator = after.indexOf("--");
  return separator === -1 ? after : [...after.slice(0, separator), ...after.slice(separator + 1)];
}

function realPath(path: string): string | undefined {
  try {
    return realpathSync(resolve(path));
  } catch {
    return undefined;
  }
}
