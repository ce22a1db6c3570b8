import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import type { Document } from "yaml";
import { CALL_TYPES } from "../calls/segmentCall";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic";
import { displayPath } from "../diagnostics/keyPath";
import type { SourceFile } from "../diagnostics/sourceFile";
import { keyNode, nodeAt } from "../diagnostics/yamlNodes";
import { suggestClosest } from "../shared/suggestClosest";

/**
 * Validates a parsed YAML document against a JSON Schema and turns ajv's errors into
 * diagnostics that point at the offending key or value, phrased for people.
 */

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validators = new WeakMap<object, ValidateFunction>();

export function checkAgainstSchema(schema: object, data: unknown, doc: Document, source: SourceFile): Diagnostic[] {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  if (validate(data)) return [];
  const errors = pickRelevantErrors(validate.errors ?? [], data);
  return errors.map((error) => toDiagnostic(error, data, doc, source));
}

// ERROR SELECTION

/**
 * In an `anyOf`, ajv reports the failures of every branch. Keep those of the branch
 * matching the value's type (e.g. an unknown key in a map), or else a single
 * "must be a map, or an expression" message.
 */
function pickRelevantErrors(errors: ErrorObject[], data: unknown): ErrorObject[] {
  // A bad key name yields one error per rule it breaks plus a summary: keep the summary.
  // An empty call item is reported by the file-kind check ("has no call type").
  const isEmptyCallItem = (e: ErrorObject) => e.schemaPath.endsWith("/calls/items/minProperties");
  let kept = errors.filter((e) => e.propertyName === undefined && !isEmptyCallItem(e));
  const anyOfErrors = errors.filter((e) => e.keyword === "anyOf").sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const anyOf of anyOfErrors) {
    if (!kept.includes(anyOf)) continue;
    const branches = anyOf.schema as Array<{ type?: string; pattern?: string }>;
    const value = valueAt(data, anyOf.instancePath);
    const matching = branches.findIndex((b) => b.type === jsonType(value) && b.pattern === undefined);
    const inBranch = (e: ErrorObject, i: number) => e.schemaPath.startsWith(`${anyOf.schemaPath}/${i}/`);
    const inAnyBranch = (e: ErrorObject) => branches.some((_, i) => inBranch(e, i));
    if (matching >= 0) {
      kept = kept.filter((e) => e !== anyOf && (!inAnyBranch(e) || inBranch(e, matching)));
    } else {
      kept = kept.filter((e) => !inAnyBranch(e));
    }
  }
  return kept;
}

// ERROR → DIAGNOSTIC

function toDiagnostic(error: ErrorObject, data: unknown, doc: Document, source: SourceFile): Diagnostic {
  const segments = pointerSegments(error.instancePath);
  const where = displayPath(segments);
  const path = segments.join("/");
  const params = error.params as Record<string, unknown>;
  const value = valueAt(data, error.instancePath);

  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const node = keyNode(doc, segments, key);
      const keyPath = [...segments, key].join("/");
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const isCallItem = error.schemaPath.endsWith("/calls/items/additionalProperties");
      const modifier = suggestClosest(key, ["when", "each"]);
      if (isCallItem && modifier) {
        return diagnostic("TM_UNKNOWN_KEY", { source, node }, `unknown key "${key}" in ${where}`, {
          path: keyPath,
          hint: `did you mean "${modifier}"?`,
        });
      }
      if (isCallItem) {
        return diagnostic("TM_UNKNOWN_CALL_TYPE", { source, node }, `unknown call type "${key}" in ${where}`, {
          path: keyPath,
          hint: withSuggestion(key, [...CALL_TYPES], `a call is one of ${CALL_TYPES.join(", ")} (with optional when, each)`),
        });
      }
      // `when` and `each` belong to the call item, next to `track:`, not inside it.
      const misplaced = (key === "when" || key === "each") && /\/calls\/items\/properties\/\w+\//.test(error.schemaPath);
      return diagnostic("TM_UNKNOWN_KEY", { source, node }, `unknown key "${key}" in ${where}`, {
        path: keyPath,
        hint: misplaced
          ? `${key} goes next to ${String(segments[2])}:, not inside it`
          : withSuggestion(key, allowed, allowed.length ? `allowed keys: ${allowed.join(", ")}` : undefined),
      });
    }
    case "required": {
      const missing = String(params.missingProperty);
      return diagnostic("TM_MISSING_KEY", { source, node: nodeAt(doc, segments) }, `${where} is missing the required key "${missing}"`, {
        path,
      });
    }
    case "anyOf": {
      const branches = error.schema as object[];
      const hasExpression = branches.some((b) => (b as { pattern?: string }).pattern !== undefined);
      const expected = branches.map(describeSchema).filter(Boolean).join(", or ");
      const message = `${where} must be ${expected}, not ${describeValue(value)}`;
      return diagnostic("TM_SCHEMA_VIOLATION", { source, node: nodeAt(doc, segments) }, message, {
        path,
        hint: hasExpression ? 'strings starting with "=" are JSONata expressions; other values are literals' : undefined,
      });
    }
    case "type": {
      const expected = describeSchema({ type: String(params.type) });
      const message = `${where} must be ${expected}, not ${describeValue(value)}`;
      return diagnostic("TM_SCHEMA_VIOLATION", { source, node: nodeAt(doc, segments) }, message, { path });
    }
    case "propertyNames": {
      // The name either breaks the naming pattern or is a reserved one (`not` in the schema).
      const name = String(params.propertyName);
      const validName = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
      const message = validName ? `"${name}" is a reserved name in ${where}` : `"${name}" is not a valid name in ${where}`;
      const hint = validName
        ? "the source event is always available as `event`; give the record another name"
        : "names are made of letters, digits and _, and do not start with a digit";
      return diagnostic("TM_SCHEMA_VIOLATION", { source, node: keyNode(doc, segments, name) }, message, { path: `${path}/${name}`, hint });
    }
    case "minLength":
    case "minItems":
      return diagnostic("TM_SCHEMA_VIOLATION", { source, node: nodeAt(doc, segments) }, `${where} must not be empty`, { path });
    case "uniqueItems": {
      const index = Math.max(Number(params.i), Number(params.j));
      const duplicate = Array.isArray(value) ? value[index] : undefined;
      const message = `${where} lists ${describeValue(duplicate)} twice`;
      return diagnostic("TM_SCHEMA_VIOLATION", { source, node: nodeAt(doc, [...segments, index]) }, message, {
        path: `${path}/${index}`,
      });
    }
    case "pattern": {
      const pattern = String(params.pattern);
      const expected = pattern.includes("=") ? 'an expression starting with "="' : `text matching ${pattern}`;
      return diagnostic("TM_SCHEMA_VIOLATION", { source, node: nodeAt(doc, segments) }, `${where} must be ${expected}`, { path });
    }
    default:
      return diagnostic("TM_SCHEMA_VIOLATION", { source, node: nodeAt(doc, segments) }, `${where} ${error.message ?? "is invalid"}`, {
        path,
      });
  }
}

function describeSchema(schema: object): string {
  const s = schema as { type?: string; pattern?: string };
  if (s.type === "string" && s.pattern) return 'an expression starting with "="';
  if (s.type === "object") return "a map";
  if (s.type === "array") return "a list";
  if (s.type === "string") return "text";
  if (s.type === "boolean") return "true or false";
  if (s.type === "number" || s.type === "integer") return "a number";
  return s.type ?? "";
}

/** A value as the user wrote it, for "must be X, not Y". */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  return JSON.stringify(value);
}

function withSuggestion(key: string, candidates: string[], fallback?: string): string | undefined {
  const closest = suggestClosest(key, candidates);
  return closest ? `did you mean "${closest}"?` : fallback;
}

function pointerSegments(pointer: string): Array<string | number> {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(data: unknown, pointer: string): unknown {
  let value = data;
  for (const segment of pointerSegments(pointer)) {
    value = value && typeof value === "object" ? (value as Record<string, unknown>)[segment] : undefined;
  }
  return value;
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
