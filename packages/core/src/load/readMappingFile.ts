import { readFile } from "node:fs/promises";
import { isMap, isScalar, isSeq, parseDocument, visit, type Document, type Node, type YAMLError, type YAMLMap } from "yaml";
import { CALL_TYPES, type CallType } from "../calls/segmentCall";
import type { Diagnostic, DiagnosticCode } from "../diagnostics/diagnostic";
import { SourceFile } from "../diagnostics/sourceFile";
import { sliceExpression } from "./expressionSource";
import type { CallTemplate, FunctionDefinition, LoadRequirement, Location, ParsedFile } from "./mappingFile";
import { mappingSchema } from "./mappingSchema";
import { checkAgainstSchema, displayPath, keyNode, nodeAt } from "./schemaDiagnostics";
import { parseExpression } from "../compile/parseExpression";
import { buildTemplate, collectLiteralStrings, expressionOfScalar, isExpressionString } from "./template";

export interface ReadResult {
  /** Absent when the file is too broken to be used. */
  file?: ParsedFile;
  diagnostics: Diagnostic[];
}

/** Reads and checks one mapping or library file (`.yaml`, `.yml` or `.jsonata`). */
export async function readMappingFile(path: string, root = 0): Promise<ReadResult> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    return { diagnostics: [fileDiagnostic(path, "TM_FILE_UNREADABLE", `cannot read the file (${reason})`)] };
  }
  return parseMappingText(path, text, root);
}

/** Parses a mapping or library file from its text; `path` is used in messages only. */
export function parseMappingText(path: string, text: string, root = 0): ReadResult {
  const source = new SourceFile(path, text);
  if (path.endsWith(".jsonata")) return parseJsonataFile(source, root);
  return parseYaml(source, text, root, undefined);
}

// .jsonata FILES

/** `/* trackmap` … `*\/`: the YAML header of a `.jsonata` mapping. */
const HEADER = /^\s*\/\*\s*trackmap\b([\s\S]*?)\*\//;

function parseJsonataFile(source: SourceFile, root: number): ReadResult {
  const header = HEADER.exec(source.text);
  if (!header) {
    return {
      diagnostics: [
        {
          ...fileDiagnostic(source.path, "TM_JSONATA_HEADER", "a .jsonata mapping must start with a /* trackmap ... */ header"),
          line: 1,
          column: 1,
          sourceLine: source.lineText(1),
          hint: "for example:\n/* trackmap\non: order.canceled\nload:\n  order: { entity: order, id: = event.data.id }\n*/",
        },
      ],
    };
  }
  // Blank out everything but the header's YAML, keeping line breaks, so YAML offsets are file offsets.
  const yamlStart = header.index + header[0].indexOf(header[1]);
  const yamlEnd = yamlStart + header[1].length;
  const masked = source.text.replace(/[^\n]/g, (char, offset: number) =>
    offset >= yamlStart && offset < yamlEnd ? char : " ",
  );
  const bodyStart = header.index + header[0].length;
  const body = sliceExpression(source, bodyStart, source.text.length, "(body)");
  return parseYaml(source, masked, root, body);
}

// YAML

function parseYaml(
  source: SourceFile,
  yamlText: string,
  root: number,
  jsonataBody: ReturnType<typeof sliceExpression> | undefined,
): ReadResult {
  const doc = parseDocument(yamlText, { uniqueKeys: true, prettyErrors: false, keepSourceTokens: false });
  if (doc.errors.length > 0) {
    return { diagnostics: doc.errors.map((error) => yamlDiagnostic(error, doc, source)) };
  }
  const data = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return {
      diagnostics: [
        fileDiagnostic(source.path, "TM_SCHEMA_VIOLATION", "the file must be a map with `on:` and `calls:` (or `library:`)"),
      ],
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

// YAML ERRORS

/** A YAML error as a diagnostic, moved and reworded where YAML's own is unhelpful. */
function yamlDiagnostic(error: YAMLError, doc: Document, source: SourceFile): Diagnostic {
  const code: DiagnosticCode = error.code === "DUPLICATE_KEY" ? "TM_DUPLICATE_KEY" : "TM_YAML_SYNTAX";
  let offset = error.pos[0];
  let message = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  let hint: string | undefined;
  if (error.code === "MISSING_CHAR" && /quote/.test(message)) {
    // YAML reports an unclosed quote where the file ends; the user needs to see where it opens.
    const opening = unclosedQuoteStart(doc, offset);
    if (opening !== undefined) {
      offset = opening;
      message = `this quoted string is never closed (missing ${source.text[opening]})`;
      hint = "everything up to the end of the file was read as part of this string";
    }
  }
  if (error.code === "DUPLICATE_KEY") {
    const key = keyAt(doc, offset);
    message = key === undefined ? "this key appears twice in the same map" : `the key "${key}" appears twice in the same map`;
    hint = "keep one of them, or merge their contents";
  }
  const { line, column } = source.position(offset);
  const sourceLine = source.lineText(line);
  return { code, severity: "error", file: source.path, line, column, message, sourceLine, ...(hint ? { hint } : {}) };
}

/** The text of the map key that starts at `offset`. */
function keyAt(doc: Document, offset: number): string | undefined {
  let key: string | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        key = String(pair.key.value);
        return visit.BREAK;
      }
    },
  });
  return key;
}

/** Start of the quoted scalar that runs up to `end`, the offset YAML reports for an unclosed quote. */
function unclosedQuoteStart(doc: Document, end: number): number | undefined {
  let start: number | undefined;
  visit(doc, {
    Scalar(_, node) {
      const quoted = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE";
      if (quoted && node.range?.[1] === end) {
        start = node.range[0];
        return visit.BREAK;
      }
    },
  });
  return start;
}

// CHECKS

/** Rules the schema does not express well: mapping vs library, one type per call. */
function checkFileKind(
  data: Record<string, unknown>,
  doc: Document,
  source: SourceFile,
  isJsonata: boolean,
): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const hasOn = "on" in data;
  const isLibrary = "library" in data;
  if (!hasOn && !isLibrary) {
    problems.push(
      nodeDiagnostic(doc.contents as Node, source, "TM_MISSING_KEY", 'the file needs "on:" (a mapping) or "library:" (a library)', {
        hint: "a mapping starts with e.g. `on: order.placed`; a library of functions with `library: commerce`",
      }),
    );
  }
  if (isLibrary) {
    for (const key of ["on", "load", "calls"]) {
      if (key in data) {
        problems.push(
          nodeDiagnostic(keyNode(doc, [], key), source, "TM_UNKNOWN_KEY", `"${key}" is not allowed in a library file`, {
            hint: "a library only holds functions; put calls in a mapping file that uses the library",
          }),
        );
      }
    }
  }
  if (hasOn && !isLibrary && !isJsonata && !("calls" in data)) {
    problems.push(nodeDiagnostic(doc.contents as Node, source, "TM_MISSING_KEY", 'a mapping needs "calls:"', {
      hint: "an empty list (`calls: []`) sends nothing, e.g. to switch off a default mapping",
    }));
  }
  if (isJsonata && "calls" in data) {
    problems.push(
      nodeDiagnostic(keyNode(doc, [], "calls"), source, "TM_UNKNOWN_KEY", '"calls" is not allowed in a .jsonata header', {
        hint: "in a .jsonata mapping the expression after the header gives the calls",
      }),
    );
  }
  const calls = Array.isArray(data.calls) ? data.calls : [];
  calls.forEach((call: unknown, index) => {
    if (!call || typeof call !== "object") return;
    const types = CALL_TYPES.filter((t) => t in (call as object));
    const node = nodeAt(doc, ["calls", index]);
    if (types.length === 0 && Object.keys(call).every((k) => k === "when" || k === "each")) {
      problems.push(
        nodeDiagnostic(node, source, "TM_MISSING_KEY", `calls[${index}] has no call type`, {
          hint: `write one of ${CALL_TYPES.join(", ")}`,
        }),
      );
    }
    if (types.length > 1) {
      problems.push(
        nodeDiagnostic(node, source, "TM_SCHEMA_VIOLATION", `calls[${index}] has ${types.join(" and ")}: one type per call`, {
          hint: "write them as separate items of `calls:`",
        }),
      );
    }
  });
  return problems;
}

function buildParsedFile(
  data: Record<string, unknown>,
  doc: Document,
  source: SourceFile,
  root: number,
  jsonataBody: ReturnType<typeof sliceExpression> | undefined,
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
    return {
      name,
      entity: String(spec.get("entity")),
      id: buildTemplate(spec.get("id", true), `load/${name}/id`, doc, source),
      fields: isSeq(fields) ? fields.items.map((f) => String(isScalar(f) ? f.value : f)) : [],
      optional: spec.get("optional") === true,
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
    const optional = (key: string) =>
      map.has(key) ? buildTemplate(map.get(key, true), `${path}/${key}`, doc, source) : undefined;
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

/**
 * A literal like `order.id` is almost always a forgotten `=`: warn, since it would be
 * sent as the text "order.id".
 */
function lintLiterals(file: Extract<ParsedFile, { kind: "mapping" }>, doc: Document, source: SourceFile): Diagnostic[] {
  const roots = ["event", "$item", ...file.load.map((l) => l.name)].map((r) => r.replace("$", "\\$"));
  const looksLikePath = new RegExp(`^(${roots.join("|")})(\\.[A-Za-z_][A-Za-z0-9_]*)+$`);
  const warnings: Diagnostic[] = [];
  // `when`, `each` and record ids are checked too: a literal there is as surely a forgotten `=`.
  const literals = [
    ...file.load.flatMap((l) => collectLiteralStrings(l.id, `load/${l.name}/id`)),
    ...file.calls.flatMap((call) => [
      ...(call.when ? collectLiteralStrings(call.when, `calls/${call.index}/when`) : []),
      ...(call.each ? collectLiteralStrings(call.each, `calls/${call.index}/each`) : []),
      ...collectLiteralStrings(call.body, `calls/${call.index}/${call.type}`),
    ]),
  ];
  for (const literal of literals) {
    if (!looksLikePath.test(literal.value)) continue;
    const segments = literal.path.split("/").map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    warnings.push({
      ...nodeDiagnostic(nodeAt(doc, segments), source, "TM_LOOKS_LIKE_EXPRESSION", `${displayPath(segments)} is the literal text "${literal.value}"`, {
        hint: `to use the value, write "= ${literal.value}"`,
      }),
      severity: "warning",
      path: literal.path,
    });
  }
  return warnings;
}

/** Syntax errors of every `= expression` and function in a file that failed its schema check. */
function checkExpressionsOfBrokenFile(
  doc: Document,
  source: SourceFile,
  jsonataBody: ReturnType<typeof sliceExpression> | undefined,
): Diagnostic[] {
  const found: Diagnostic[] = [];
  const check = (expression: ReturnType<typeof sliceExpression>) => {
    const { diagnostic } = parseExpression(expression);
    if (diagnostic) found.push(diagnostic);
  };
  const functions = doc.get("functions", true);
  visit(doc, {
    Scalar(key, node, path) {
      if (key === "key") return;
      const isFunction = functions !== undefined && path[path.length - 2] === functions;
      if (isFunction || isExpressionString(node.value)) check(expressionOfScalar(node, "", source));
    },
  });
  if (jsonataBody) check(jsonataBody);
  return found;
}

// HELPERS

function locate(node: Node | undefined, source: SourceFile): Location {
  const { line, column } = source.position(node?.range?.[0] ?? 0);
  return { file: source.path, line, column };
}

function nodeDiagnostic(
  node: Node | undefined,
  source: SourceFile,
  code: DiagnosticCode,
  message: string,
  extra: { hint?: string } = {},
): Diagnostic {
  const { line, column } = locate(node, source);
  return { code, severity: "error", file: source.path, line, column, message, sourceLine: source.lineText(line), ...extra };
}

function fileDiagnostic(file: string, code: DiagnosticCode, message: string): Diagnostic {
  return { code, severity: "error", file, line: 0, column: 0, message };
}
