import pc from "picocolors";
import { stringify } from "yaml";

/** One path where the expected and received values differ; a side is absent when the key or item is missing there. */
export interface Difference {
  /** Keys and indexes from the compared value's root, e.g. ["properties", "products", 1, "price"]. */
  path: Array<string | number>;
  expected?: unknown;
  received?: unknown;
}

/**
 * Every path where `received` differs from `expected`, deepest first reached: objects key by key
 * (with `exact`, keys only received count too), lists item by item.
 */
export function differences(expected: unknown, received: unknown, exact: boolean, path: Array<string | number> = []): Difference[] {
  if (isObject(expected) && isObject(received)) {
    const keys = [...Object.keys(expected), ...(exact ? Object.keys(received).filter((key) => !(key in expected)) : [])];
    return keys.flatMap((key) => {
      if (!(key in received)) return [{ path: [...path, key], expected: expected[key] }];
      if (!(key in expected)) return [{ path: [...path, key], received: received[key] }];
      return differences(expected[key], received[key], exact, [...path, key]);
    });
  }
  if (Array.isArray(expected) && Array.isArray(received)) {
    return Array.from({ length: Math.max(expected.length, received.length) }, (_, i) => {
      if (i >= received.length) return [{ path: [...path, i], expected: expected[i] }];
      if (i >= expected.length) return [{ path: [...path, i], received: received[i] }];
      return differences(expected[i], received[i], exact, [...path, i]);
    }).flat();
  }
  // `===` and not Object.is: JSON has no -0, so a computed -0 equals an expected 0.
  if (expected === received || (Number.isNaN(expected) && Number.isNaN(received))) return [];
  return [{ path, expected, received }];
}

export interface CompactDiffOptions {
  color?: boolean;
  /** Lines shown at most before the rest is summed up (default 40). */
  maxLines?: number;
}

/**
 * Only the paths that differ, each as a YAML key with the expected value (`-`) and the received one
 * (`+`) under it, at most `maxLines` lines: a one-number mismatch in a large call is three lines.
 */
export function formatDifferences(found: readonly Difference[], options: CompactDiffOptions = {}): string | undefined {
  if (found.length === 0) return undefined;
  const c = pc.createColors(options.color ?? false);
  const maxLines = options.maxLines ?? 40;
  const lines = [c.green("- Expected"), c.red("+ Received"), ""];
  let shown = 0;
  for (const difference of found) {
    const block = [`  ${formatPath(difference.path)}:`];
    if ("expected" in difference) block.push(...printed(difference.expected).map((line) => c.green(`-   ${line}`)));
    else block.push(c.dim("    (not expected)"));
    if ("received" in difference) block.push(...printed(difference.received).map((line) => c.red(`+   ${line}`)));
    else block.push(c.dim("    (missing)"));
    if (shown > 0 && lines.length + block.length > maxLines) break;
    lines.push(...block);
    shown++;
  }
  if (shown < found.length) lines.push(c.yellow(`  … ${found.length - shown} more difference(s); --full shows them all`));
  return lines.join("\n");
}

/** A path as a reader writes it: `properties.products[1].price`. */
function formatPath(path: ReadonlyArray<string | number>): string {
  if (path.length === 0) return "(the call)";
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? part : `.${part}`)).join("");
}

/** A value as YAML, one line for scalars and small values, at most 10 lines for larger ones. */
function printed(value: unknown): string[] {
  if (value === undefined) return ["(undefined)"];
  const flow = stringify(value, { collectionStyle: "flow", lineWidth: 0 }).trimEnd();
  if (flow.length <= 100) return [flow];
  const lines = stringify(value, { lineWidth: 0 }).trimEnd().split("\n");
  return lines.length > 10 ? [...lines.slice(0, 10), `… (${lines.length - 10} more lines)`] : lines;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
