import { isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from "yaml";
import { CALL_TYPES, type CallType } from "../calls/segmentCall";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic";
import { SourceFile } from "../diagnostics/sourceFile";
import { checkExpressionsOfBrokenFile, checkFileKind, lintLiterals } from "./checkMappingFile";
import { sliceExpression, type ExpressionSource } from "../diagnostics/expressionSource";
import type { CallTemplate, FunctionDefinition, LoadPreset, LoadRequirement, ParsedFile } from "./mappingFile";
import { mappingSchema } from "./mappingSchema";
import { readTextFile, unreadFileResult } from "./readTextFile";
import { parseYaml } from "./readYamlFile";
import { checkAgainstSchema } from "./schemaDiagnostics";
import { locate, nodeAt } from "../diagnostics/yamlNodes";
import { buildTemplate, expressionOfScalar } from "./template";

export interface ReadResult {
  /** Absent when the file is too broken to be used. */
  file?: ParsedFile;
  diagnostics: Diagnostic[];
  /** True when the path is no regular file (a FIFO, a device) and was not read at all. */
  skipped?: boolean;
}

/** Reads and checks one mapping or library file (`.yaml`, `.yml` or `.jsonata`). */
export async function readMappingFile(path: string, root = 0): Promise<ReadResult> {
  const read = await readTextFile(path);
  if ("problem" in read) return unreadFileResult(path, read);
  return parseMappingText(path, read.text, root);
}

/** Parses a mapping or library file from its text; `path` is used in messages only. */
export function parseMappingText(path: string, text: string, root = 0): ReadResult {
  const source = new SourceFile(path, text);
  if (path.endsWith(".jsonata")) return parseJsonataFile(source, root);
  return parseMappingYaml(source, text, root, undefined);
}

// .jsonata FILES

/** `/* trackmap` … `*\/`: the YAML header of a `.jsonata` mapping. */
const HEADER = /^\s*\/\*\s*trackmap\b([\s\S]*?)\*\//;

function parseJsonataFile(source: SourceFile, root: number): ReadResult {
  const header = HEADER.exec(source.text);
  if (!header) {
    return {
      diagnostics: [diagnostic("TM_JSONATA_HEADER", { source, offset: 0 }, "a .jsonata mapping must start with a /* trackmap ... */ header")],
    };
  }
  // Blank out everything but the header's YAML, keeping line breaks, so YAML offsets are file offsets.
  const [whole, yaml = ""] = header;
  const yamlStart = header.index + whole.indexOf(yaml);
  const yamlEnd = yamlStart + yaml.length;
  const masked = source.text.replace(/[^\n]/g, (char, offset: number) => (offset >= yamlStart && offset < yamlEnd ? char : " "));
  const bodyStart = header.index + whole.length;
  const body = sliceExpression(source, bodyStart, source.text.length, "(body)");
  return parseMappingYaml(source, masked, root, body);
}

// YAML

function parseMappingYaml(source: SourceFile, yamlText: string, root: number, jsonataBody: ExpressionSource | undefined): ReadResult {
  const parsed = parseYaml(source, yamlText);
  if ("diagnostics" in parsed) return { diagnostics: parsed.diagnostics };
  const { doc, value: data } = parsed;
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return {
      diagnostics: [diagnostic("TM_SCHEMA_VIOLATION", source.path, "the file must be a map with `on:` and `calls:` (or `library:`)")],
    };
  }
  const diagnostics = checkAgainstSchema(mappingSchema, data, doc, source);
  diagnostics.push(...checkFileKind(data as Record<string, unknown>, doc, source, jsonataBody !== undefined));
  if (diagnostics.some((d) => d.severity === "error")) {
    // The file can't be used, but its expressions can still be checked: report all at once.
    return { diagnostics: [...diagnostics, ...checkExpressionsOfBrokenFile(doc, source, jsonataBody)] };
  }

  const file = buildParsedFile(data as Record<string, unknown>, doc, source, root, jsonataBody);
  if (file.kind === "mapping") diagnostics.push(...lintLiterals(file, doc, source));
  return { file, diagnostics };
}

function buildParsedFile(
  data: Record<string, unknown>,
  doc: Document,
  source: SourceFile,
  root: number,
  jsonataBody: ExpressionSource | undefined,
): ParsedFile {
  const common = {
    path: source.path,
    source,
    description: data.description as string | undefined,
    use: ((data.use as string[] | undefined) ?? []).map((name, i) => ({ name, location: locate(nodeAt(doc, ["use", i]), source) })),
    functions: readFunctions(doc, source),
    root,
  };
  if ("library" in data) {
    return {
      ...common,
      kind: "library",
      name: String(data.library),
      nameLocation: locate(nodeAt(doc, ["library"]), source),
      presets: readPresets(doc, source),
    };
  }
  return {
    ...common,
    kind: "mapping",
    on: typeof data.on === "string" ? [data.on] : (data.on as string[]),
    onLocation: locate(nodeAt(doc, ["on"]), source),
    load: readLoad(doc, source),
    calls: readCalls(doc, source),
    callsExpression: jsonataBody,
  };
}

function readFunctions(doc: Document, source: SourceFile): FunctionDefinition[] {
  const map = doc.get("functions", true);
  if (!isMap(map)) return [];
  return map.items.map((pair) => {
    const name = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const value = pair.value as Node;
    return { name, expression: expressionOfScalar(value, `functions/${name}`, source), location: locate(value, source) };
  });
}

function readLoad(doc: Document, source: SourceFile): LoadRequirement[] {
  const map = doc.get("load", true);
  if (!isMap(map)) return [];
  return map.items.map((pair) => {
    const name = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const spec = pair.value as YAMLMap;
    const fields = spec.get("fields", true);
    const preset = spec.get("preset", true);
    return {
      name,
      entity: spec.has("entity") ? String(spec.get("entity")) : "",
      preset: isScalar(preset) ? { name: String(preset.value), location: locate(preset, source) } : undefined,
      id: buildTemplate(spec.get("id", true), `load/${name}/id`, doc, source),
      fields: isSeq(fields) ? fields.items.map((f) => String(isScalar(f) ? f.value : f)) : [],
      optional: spec.get("optional") === true,
      location: locate(pair.key as Node, source),
    };
  });
}

function readPresets(doc: Document, source: SourceFile): LoadPreset[] {
  const map = doc.get("presets", true);
  if (!isMap(map)) return [];
  return map.items.map((pair) => {
    const spec = pair.value as YAMLMap;
    const fields = spec.get("fields", true);
    return {
      name: String(isScalar(pair.key) ? pair.key.value : pair.key),
      entity: String(spec.get("entity")),
      fields: isSeq(fields) ? fields.items.map((f) => String(isScalar(f) ? f.value : f)) : [],
      location: locate(pair.key as Node, source),
    };
  });
}

function readCalls(doc: Document, source: SourceFile): CallTemplate[] {
  const seq = doc.get("calls", true);
  if (!isSeq(seq)) return [];
  return seq.items.map((item, index) => {
    const map = item as YAMLMap;
    const type = CALL_TYPES.find((t) => map.has(t)) as CallType;
    const path = `calls/${index}`;
    const optional = (key: string) => (map.has(key) ? buildTemplate(map.get(key, true), `${path}/${key}`, doc, source) : undefined);
    return {
      type,
      index,
      body: buildTemplate(map.get(type, true), `${path}/${type}`, doc, source),
      when: optional("when"),
      each: optional("each"),
      location: locate(map, source),
    };
  });
}
