import { relative, sep } from "node:path";

const INSTALLED = `${sep}node_modules${sep}`;

/**
 * How the playground names a file in its pickers: relative to the working folder, or, for a file of
 * an installed package (the plugin's default mappings), from the package's name on — pnpm's store
 * paths (node_modules/.pnpm/@trackmap+medusa@0.1.0_…/node_modules/…) say nothing useful to a reader.
 */
export function fileLabel(file: string, cwd = process.cwd()): string {
  const installed = file.lastIndexOf(INSTALLED);
  if (installed >= 0)
    return file
      .slice(installed + INSTALLED.length)
      .split(sep)
      .join("/");
  return relative(cwd, file);
}
