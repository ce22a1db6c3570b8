import type { Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic";

/** Folders that hold data next to mappings, never mappings themselves. */
const SKIPPED_DIRECTORIES = new Set(["node_modules", "fixtures", "tracking-plan", "dist"]);

const MAPPING_FILE = /\.(ya?ml|jsonata)$/;
const TEST_FILE = /\.test\.ya?ml$/;

export const isTestFile = (path: string) => TEST_FILE.test(path);
export const isMappingFile = (path: string) => MAPPING_FILE.test(path) && !isTestFile(path);

/** What a search found: the files, and a problem for each folder it could not list. */
export interface FoundFiles {
  files: string[];
  /** `TM_FILE_UNREADABLE` for each folder under the path that could not be listed: its mappings would go missing unseen. */
  problems: Diagnostic[];
}

/**
 * Files under `path` (or `path` itself) that `accept` takes, sorted so that every run
 * sees them in the same order. Returns undefined when the path does not exist. What is
 * found is not opened here: the reader skips a FIFO or device (readTextFile).
 */
export async function findFiles(path: string, accept: (file: string) => boolean): Promise<FoundFiles | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return undefined;
  if (!info.isDirectory()) return { files: [path], problems: [] };
  const found: FoundFiles = { files: [], problems: [] };
  await walk(path, accept, found);
  found.files.sort();
  return found;
}

async function walk(dir: string, accept: (file: string) => boolean, found: FoundFiles): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? "an I/O error";
    found.problems.push(diagnostic("TM_FILE_UNREADABLE", dir, `cannot list the folder (${reason}): its files are not loaded`));
    return;
  }
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(full, accept, found);
    } else if (accept(full)) {
      found.files.push(full);
    }
  }
}
