import { isPair, isScalar, isSeq, visit, type Document, type Node } from "yaml";
import { CALL_TYPES } from "../calls/segmentCall";
import { parseExpression } from "./parseExpression";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic";
import type { SourceFile } from "../diagnostics/sourceFile";
import type { ExpressionSource } from "../diagnostics/expressionSource";
import type { MappingFile } from "./mappingFile";
import { displayPath } from "../diagnostics/keyPath";
import { keyNode, nodeAt } from "../diagnostics/yamlNodes";
import { collectLiteralStrings, expressionOfScalar, isExpressionString } from "./template";

/** Checks of a mapping file beyond its JSON Schema. */

/** Rules the schema does not express well: mapping vs library, one type per call. */
export function checkFileKind(data: Record<string, unknown>, doc: Document, source: SourceFile, isJsonata: boolean): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const hasOn = "on" in data;
  const isLibrary = "library" in data;
  if (!hasOn && !isLibrary) {
    problems.push(
      diagnostic("TM_MISSING_KEY", { source, node: doc.contents as Node }, 'the file needs "on:" (a mapping) or "library:" (a library)', {
        hint: "a mapping starts with e.g. `on: order.placed`; a library of functions with `library: commerce`",
      }),
    );
  }
  if (!isLibrary && "presets" in data) {
    problems.push(
      diagnostic("TM_UNKNOWN_KEY", { source, node: keyNode(doc, [], "presets") }, '"presets" belong in a library file', {
        hint: "put them in a file with `library: name`, and `use` that library",
      }),
    );
  }
  const load = (data.load ?? {}) as Record<string, Record<string, unknown> | null>;
  for (const [name, spec] of Object.entries(load)) {
    if (spec && typeof spec === "object" && !("entity" in spec) && !("preset" in spec)) {
      problems.push(
        diagnostic("TM_MISSING_KEY", { source, node: nodeAt(doc, ["load", name]) }, `load.${name} needs "entity" (or a library "preset")`, {
          hint: "for example `entity: order`",
        }),
      );
    }
  }
  if (isLibrary) {
    for (const key of ["on", "load", "calls"]) {
      if (key in data) {
        problems.push(
          diagnostic("TM_UNKNOWN_KEY", { source, node: keyNode(doc, [], key) }, `"${key}" is not allowed in a library file`, {
            hint: "a library only holds functions; put calls in a mapping file that uses the library",
          }),
        );
      }
    }
  }
  if (hasOn && !isLibrary && !isJsonata && !("calls" in data)) {
    problems.push(
      diagnostic("TM_MISSING_KEY", { source, node: doc.contents as Node }, 'a mapping needs "calls:"', {
        hint: "an empty list (`calls: []`) sends nothing, e.g. to switch off a default mapping",
      }),
    );
  }
  if (isJsonata && "calls" in data) {
    problems.push(
      diagnostic("TM_UNKNOWN_KEY", { source, node: keyNode(doc, [], "calls") }, '"calls" is not allowed in a .jsonata header', {
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
        diagnostic("TM_MISSING_KEY", { source, node }, `calls[${index}] has no call type`, {
          hint: `write one of ${CALL_TYPES.join(", ")}`,
        }),
      );
    }
    if (types.length > 1) {
      problems.push(
        diagnostic("TM_SCHEMA_VIOLATION", { source, node }, `calls[${index}] has ${types.join(" and ")}: one type per call`, {
          hint: "write them as separate items of `calls:`",
        }),
      );
    }
  });
  return problems;
}

/**
 * A literal like `order.id` is almost always a forgotten `=`: warn, since it would be
 * sent as the text "order.id".
 */
export function lintLiterals(file: MappingFile, doc: Document, source: SourceFile): Diagnostic[] {
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
    warnings.push(
      diagnostic(
        "TM_LOOKS_LIKE_EXPRESSION",
        { source, node: nodeAt(doc, segments) },
        `${displayPath(segments)} is the literal text "${literal.value}"`,
        {
          severity: "warning",
          path: literal.path,
          hint: `to use the value, write "= ${literal.value}"`,
        },
      ),
    );
  }
  return warnings;
}

/** Syntax errors of every `= expression` and function in a file that failed its schema check. */
/** `calls/0/track/properties/total` for a node, from its ancestry as `visit` gives it. */
function keyPath(ancestry: readonly unknown[]): string {
  const keys: string[] = [];
  ancestry.forEach((node, i) => {
    if (isPair(node) && isScalar(node.key)) keys.push(String(node.key.value));
    if (isSeq(node)) keys.push(String(node.items.indexOf(ancestry[i + 1] as never)));
  });
  return keys.join("/");
}

export function checkExpressionsOfBrokenFile(doc: Document, source: SourceFile, jsonataBody: ExpressionSource | undefined): Diagnostic[] {
  const found: Diagnostic[] = [];
  const check = (expression: ExpressionSource) => {
    const { diagnostic } = parseExpression(expression);
    if (diagnostic) found.push(diagnostic);
  };
  const functions = doc.get("functions", true);
  visit(doc, {
    Scalar(key, node, path) {
      if (key === "key") return;
      const isFunction = functions !== undefined && path[path.length - 2] === functions;
      if (isFunction || isExpressionString(node.value)) check(expressionOfScalar(node, keyPath([...path, node]), source));
    },
  });
  if (jsonataBody) check(jsonataBody);
  return found;
}
