import { describeFileProblem, readDataFile, readObjectFile } from "../load";
import { UsageError } from "./output";

/** `--input <file>` as `trackmap run` needs it: an object, the records by name. */
export async function readInputObject(path: string): Promise<Record<string, unknown>> {
  const read = await readObjectFile(path);
  if ("value" in read) return read.value;
  if (read.problem === "not-an-object") {
    throw new UsageError(`--input ${path} must hold an object: the records by name (e.g. { "order": {...} })`);
  }
  throw inputError(path, read);
}

/** `--input <file>` as `trackmap eval` needs it: any JSON or YAML value. */
export async function readInputValue(path: string): Promise<unknown> {
  const read = await readDataFile(path);
  if ("value" in read) return read.value;
  throw inputError(path, read);
}

function inputError(path: string, read: Exclude<Awaited<ReturnType<typeof readDataFile>>, { value: unknown }>): UsageError {
  if (read.problem === "unreadable") return new UsageError(`cannot read --input ${path} (${read.reason})`);
  if (read.problem === "invalid") return new UsageError(`--input ${path} is not valid ${read.format}: ${read.reason}`);
  return new UsageError(`--input ${path} is not read: ${describeFileProblem(read)}`);
}
