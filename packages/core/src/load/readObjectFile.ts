import { parseDocument } from "yaml";
import type { JsonObject } from "../calls/segmentCall";
import { SourceFile } from "../diagnostics/sourceFile";
import { MAX_INPUT_FILE_BYTES, readTextFile, type TextFileProblem } from "./readTextFile";
import { yamlValue } from "./yamlValue";

/** Why an input file could not be used; callers word it for their context. */
export type ObjectFileProblem = TextFileProblem | { problem: "invalid"; format: "JSON" | "YAML"; reason: string } | { problem: "not-an-object" };

/**
 * Reads an input object (a fixture, `trackmap run --input`): JSON when the name ends in
 * `.json`, YAML otherwise, with the first YAML error's line and column.
 */
export async function readObjectFile(path: string): Promise<{ value: JsonObject } | ObjectFileProblem> {
  const read = await readTextFile(path, MAX_INPUT_FILE_BYTES);
  if ("problem" in read) return read;
  const format = path.endsWith(".json") ? "JSON" : "YAML";
  let value: unknown;
  try {
    value = format === "JSON" ? JSON.parse(read.text) : parseYamlStrictly(read.text);
  } catch (error) {
    return { problem: "invalid", format, reason: (error as Error).message };
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return { problem: "not-an-object" };
  return { value: value as JsonObject };
}

/** The YAML's value; throws on the first syntax error (`toJS` alone would return what it could read). */
function parseYamlStrictly(text: string): unknown {
  const source = new SourceFile("", text);
  const doc = parseDocument(text, { prettyErrors: false });
  const [first] = doc.errors;
  if (first) {
    const { line, column } = source.position(first.pos[0]);
    throw new Error(`${first.message.split("\n")[0]} (line ${line}, column ${column})`);
  }
  const converted = yamlValue(doc, source);
  if ("diagnostic" in converted) {
    const { message, line, column } = converted.diagnostic;
    throw new Error(`${message} (line ${line}, column ${column})`);
  }
  return converted.value;
}
