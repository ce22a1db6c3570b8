import { constants, type Stats } from "node:fs";
import { open, stat } from "node:fs/promises";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic";

/**
 * Largest mapping or test file read (1 MiB). Real ones are a few kilobytes; a bigger file is
 * refused with a diagnostic rather than read whole into memory.
 */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Largest fixture or input file read (64 MiB): records of a large order run to megabytes
 * (a 200-line order is about 2 MB of JSON), a file of another kind far beyond.
 */
export const MAX_INPUT_FILE_BYTES = 64 * 1024 * 1024;

/** Why a file's text could not be had. */
export type TextFileProblem =
  | { problem: "not-regular"; kind: string }
  | { problem: "too-large"; size: number; limit: number }
  | { problem: "unreadable"; reason: string };

/**
 * Reads a regular file (or a symlink to one) of at most `maxBytes` as UTF-8. A FIFO,
 * device or socket is never read: it is found by `stat` before opening, and the
 * file is opened non-blocking and checked again, so a FIFO swapped in meanwhile cannot
 * block the read either.
 */
export async function readTextFile(path: string, maxBytes = MAX_FILE_BYTES): Promise<{ text: string } | TextFileProblem> {
  try {
    const found = checkFile(await stat(path), maxBytes);
    if (found) return found;
    const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const info = await handle.stat();
      const opened = checkFile(info, maxBytes);
      if (opened) return opened;
      // One byte past the limit tells a file that grew since the check from one that did not.
      const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
      let length = 0;
      while (length < buffer.length) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > maxBytes) return { problem: "too-large", size: length, limit: maxBytes };
      return { text: buffer.toString("utf8", 0, length) };
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { problem: "unreadable", reason: String((error as NodeJS.ErrnoException).code ?? error) };
  }
}

function checkFile(info: Stats, maxBytes: number): TextFileProblem | undefined {
  // A folder is an error as reading it would be, not a file to skip.
  if (info.isDirectory()) return { problem: "unreadable", reason: "EISDIR" };
  if (!info.isFile()) return { problem: "not-regular", kind: kindOf(info) };
  if (info.size > maxBytes) return { problem: "too-large", size: info.size, limit: maxBytes };
  return undefined;
}

function kindOf(info: Stats): string {
  if (info.isFIFO()) return "a FIFO (named pipe)";
  if (info.isCharacterDevice() || info.isBlockDevice()) return "a device";
  if (info.isSocket()) return "a socket";
  return "a special file";
}

/** The problem in a few words, for messages that name the file themselves. */
export function describeFileProblem(problem: TextFileProblem): string {
  switch (problem.problem) {
    case "not-regular":
      return `it is ${problem.kind}, not a regular file`;
    case "too-large":
      return `it is larger than ${problem.limit / (1024 * 1024)} MiB (${problem.limit} bytes), the most trackmap reads`;
    case "unreadable":
      return `cannot read the file (${problem.reason})`;
  }
}

/**
 * A mapping or test file that could not be read, as a diagnostic: a file that is not a
 * regular one is skipped with a warning (it is no mapping, just a name that looks like
 * one); one too large or unreadable is an error.
 */
export function fileProblemDiagnostic(file: string, problem: TextFileProblem): Diagnostic {
  switch (problem.problem) {
    case "not-regular":
      return diagnostic("TM_FILE_SKIPPED", file, `skipped: ${describeFileProblem(problem)}`, { severity: "warning" });
    case "too-large":
      return diagnostic("TM_FILE_TOO_LARGE", file, `not read: ${describeFileProblem(problem)}`);
    case "unreadable":
      return diagnostic("TM_FILE_UNREADABLE", file, describeFileProblem(problem));
  }
}

/** What a reader returns for a file it could not read: the diagnostic, and whether the file was skipped. */
export function unreadFileResult(file: string, problem: TextFileProblem): { diagnostics: Diagnostic[]; skipped?: true } {
  const diagnostics = [fileProblemDiagnostic(file, problem)];
  return problem.problem === "not-regular" ? { diagnostics, skipped: true } : { diagnostics };
}
