import { parseDocument, type Document } from "yaml";
import type { Diagnostic } from "../diagnostics/diagnostic";
import { SourceFile } from "../diagnostics/sourceFile";
import { yamlDiagnostic } from "../diagnostics/yamlDiagnostic";
import { readTextFile, unreadFileResult } from "./readTextFile";
import { yamlValue } from "./yamlValue";

/** A YAML file read and parsed: its text, its document (for node positions) and its value. */
export interface YamlFile {
  source: SourceFile;
  doc: Document;
  value: unknown;
}

/** Why a YAML file could not be used, as diagnostics; `skipped` when it is no regular file. */
export interface UnreadYamlFile {
  diagnostics: Diagnostic[];
  skipped?: true;
}

/**
 * Reads and parses a YAML file (a mapping, a test file): refuses files that are no
 * regular file or too large, reports every syntax error and duplicate key, and
 * aliases that expand too far.
 */
export async function readYamlFile(path: string): Promise<YamlFile | UnreadYamlFile> {
  const read = await readTextFile(path);
  if ("problem" in read) return unreadFileResult(path, read);
  return parseYaml(new SourceFile(path, read.text));
}

/**
 * Parses the YAML of a source. `yamlText` is the source's text, or a copy with the same
 * offsets where only the YAML is kept (the header of a `.jsonata` mapping).
 */
export function parseYaml(source: SourceFile, yamlText = source.text): YamlFile | UnreadYamlFile {
  const doc = parseDocument(yamlText, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) return { diagnostics: explainInlineBraces(doc.errors.map((error) => yamlDiagnostic(error, doc, source))) };
  const converted = yamlValue(doc, source);
  if ("diagnostic" in converted) return { diagnostics: [converted.diagnostic] };
  return { source, doc, value: converted.value };
}

/** A plain `key: = { "a": b }` line: the expression's braces and `: ` are read as YAML. */
const INLINE_BRACED_EXPRESSION = /^[^#]*?(?:^|:|-)\s+=\s*[^'"|>].*[{[]/;

/**
 * YAML reads `key: = { "a": b }` as nested maps and gives several errors on the line that say
 * nothing of expressions: one error per such line, with the way to write it.
 */
function explainInlineBraces(diagnostics: Diagnostic[]): Diagnostic[] {
  const explained = new Set<number>();
  return diagnostics.flatMap((d) => {
    if (!d.sourceLine || !INLINE_BRACED_EXPRESSION.test(d.sourceLine)) return [d];
    if (explained.has(d.line)) return [];
    explained.add(d.line);
    return [
      {
        ...d,
        message: `${d.message}: YAML reads the braces and ": " of this expression as its own`,
        hint: "quote the expression ('= { \"a\": b }'), or write it as a block: `key: |` and the expression on the next lines",
      },
    ];
  });
}
