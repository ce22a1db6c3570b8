import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

/** Folders that hold data next to mappings, never mappings themselves. */
const SKIPPED_DIRECTORIES = new Set(["node_modules", "fixtures", "tracking-plan", "dist"]);

const MAPPING_FILE = /\.(ya?ml|jsonata)$/;
const TEST_FILE = /\.test\.ya?ml$/;

export const isTestFile = (path: string) => TEST_FILE.test(path);
export const isMappingFile = (path: string) => MAPPING_FILE.test(path) && !isTestFile(path);

/**
 * Files under `path` (or `path` itself) that `accept` takes, sorted so that every run
 * sees them in the same order. Returns undefined when the path does not exist. What is
 * found is not opened here: the reader skips a FIFO or device (readTextFile).
 */
export async function findFiles(path: string, accept: (file: string) => boolean): Promise<string[] | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return undefined;
  if (!info.isDirectory()) return [path];
  const found: string[] = [];
  await walk(path, accept, found);
  return found.sort();
}

async function walk(dir: string, accept: (file: string) => boolean, found: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(full, accept, found);
    } else if (accept(full)) {
      found.push(full);
    }
  }
}
