import { isMap, isScalar, isSeq, isAlias, type Document, type Node } from "yaml";
import type { SourceFile } from "../diagnostics/sourceFile";
import { scalarExpression, type ExpressionSource } from "../diagnostics/expressionSource";

/**
 * A value as written in a mapping: literals stay literals, and only strings that start
 * with `=` are JSONata expressions. Objects and arrays may mix both at any depth.
 */
export type ValueTemplate =
  | { kind: "literal"; value: unknown }
  | { kind: "expression"; expression: ExpressionSource }
  | { kind: "object"; entries: Array<[string, ValueTemplate]> }
  | { kind: "array"; items: ValueTemplate[] };

const EXPRESSION_PREFIX = /^\s*=/;

export function isExpressionString(value: unknown): value is string {
  return typeof value === "string" && EXPRESSION_PREFIX.test(value);
}

/** Builds the template of a YAML node (anchors and aliases are followed). */
export function buildTemplate(node: unknown, path: string, doc: Document, file: SourceFile): ValueTemplate {
  if (isAlias(node)) return buildTemplate(node.resolve(doc), path, doc, file);
  if (isMap(node)) {
    return {
      kind: "object",
      entries: node.items.map((pair) => {
        const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
        return [key, buildTemplate(pair.value, `${path}/${key}`, doc, file)];
      }),
    };
  }
  if (isSeq(node)) {
    return { kind: "array", items: node.items.map((item, i) => buildTemplate(item, `${path}/${i}`, doc, file)) };
  }
  if (isScalar(node) && isExpressionString(node.value)) {
    return { kind: "expression", expression: expressionOfScalar(node, path, file) };
  }
  return { kind: "literal", value: isScalar(node) ? node.value : null };
}

/** The expression held by a scalar `= ...` (or a bare JSONata scalar, where `=` is optional). */
export function expressionOfScalar(node: Node, path: string, file: SourceFile): ExpressionSource {
  const value = String(isScalar(node) ? node.value : "");
  const match = EXPRESSION_PREFIX.exec(value);
  const start = match ? match[0].length : 0;
  const range = node.range ?? [0, 0, 0];
  return scalarExpression(file, value, start, [range[0], range[1]], path);
}

/** Every expression in a template, for syntax checking. */
export function collectExpressions(template: ValueTemplate, into: ExpressionSource[] = []): ExpressionSource[] {
  switch (template.kind) {
    case "expression":
      into.push(template.expression);
      break;
    case "object":
      for (const [, value] of template.entries) collectExpressions(value, into);
      break;
    case "array":
      for (const item of template.items) collectExpressions(item, into);
      break;
  }
  return into;
}

/** Every literal string in a template with its path, for the "looks like an expression" check. */
export function collectLiteralStrings(
  template: ValueTemplate,
  path: string,
  into: Array<{ path: string; value: string }> = [],
): Array<{ path: string; value: string }> {
  if (template.kind === "literal" && typeof template.value === "string") into.push({ path, value: template.value });
  if (template.kind === "object") for (const [k, v] of template.entries) collectLiteralStrings(v, `${path}/${k}`, into);
  if (template.kind === "array") for (const [i, v] of template.items.entries()) collectLiteralStrings(v, `${path}/${i}`, into);
  return into;
}
