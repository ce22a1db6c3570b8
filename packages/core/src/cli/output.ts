import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** Where the CLI writes; injectable so tests can capture output. */
export interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colours only on a terminal, and never with NO_COLOR or --no-color. */
  color: boolean;
}

export function defaultOutput(): Output {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  };
}

/** A user mistake the CLI reports in one line before exiting with code 2 (not a bug). */
export class UsageError extends Error {}

/** The project's `mappings/` folder: in the working directory or the nearest parent that has one. */
export function findDefaultMappings(from = process.cwd()): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, "mappings");
    if (existsSync(candidate)) return candidate === join(resolve(from), "mappings") ? "mappings" : candidate;
    if (dirname(dir) === dir) break;
  }
  throw new UsageError("no mappings/ folder here or above: give the mapping folders with --mappings <dir>");
}
