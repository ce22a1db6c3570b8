import { execFileSync } from "node:child_process";
import { symlink, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { MAX_FILE_BYTES, MAX_INPUT_FILE_BYTES } from "../load/readTextFile";

/** Files a careless or hostile folder may hold, for this package's own tests. */

/**
 * A YAML "billion laughs": each anchor lists the previous one ten times, so the last
 * line, `g:` (line 7), stands for ten million values; its first `*f` is the alias that
 * multiplies most.
 */
export const ALIAS_BOMB = `a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
`;

/** `1+1+…+1`: an expression that nests one level per `+`. */
export const sumOfOnes = (terms: number) => Array(terms).fill("1").join("+");

/** A file one byte larger than trackmap reads. */
export const TOO_LARGE = `# ${"x".repeat(MAX_FILE_BYTES - 2)}\n`;

/**
 * An input file one byte larger than trackmap reads (64 MiB), made sparse: it takes no room
 * and no time, and only its size is ever looked at.
 */
export async function makeTooLargeInput(dir: string, name: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, "{}");
  await truncate(path, MAX_INPUT_FILE_BYTES + 1);
  return path;
}

/** A FIFO (named pipe) `name` in `dir`: reading it waits for a writer that never comes. */
export function makeFifo(dir: string, name: string): string {
  const path = join(dir, name);
  execFileSync("mkfifo", [path]);
  return path;
}

/** A symlink `name` in `dir` to /dev/zero: reading it never ends. */
export async function linkToDevZero(dir: string, name: string): Promise<string> {
  const path = join(dir, name);
  await symlink("/dev/zero", path);
  return path;
}
