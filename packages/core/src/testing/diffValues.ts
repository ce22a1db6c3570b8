import { structuredPatch } from "diff";
import pc from "picocolors";

export interface DiffValuesOptions {
  /** Colour: expected lines green, received lines red, unchanged lines dim. */
  color?: boolean;
  /** Unchanged lines shown around each change (default 2). */
  contextLines?: number;
}

/**
 * Expected vs received as a line diff of their printed forms: `- Expected` / `+ Received`, then the changed
 * lines with some unchanged ones around them; `@@ -line,count +line,count @@` heads each part when lines are
 * left out. Keys are sorted and every entry ends with a comma, so a difference shows on its own line.
 * Undefined when both print the same.
 */
export function diffValues(expected: unknown, received: unknown, options: DiffValuesOptions = {}): string | undefined {
  const before = printValue(expected);
  const after = printValue(received);
  if (before === after) return undefined;
  const c = pc.createColors(options.color ?? false);
  const patch = structuredPatch("", "", `${before}\n`, `${after}\n`, undefined, undefined, {
    context: options.contextLines ?? 2,
  });
  const whole = patch.hunks.length === 1 && coversAll(patch.hunks[0]!, before, after);
  const out = [c.green("- Expected"), c.red("+ Received"), ""];
  for (const hunk of patch.hunks) {
    if (!whole) out.push(c.yellow(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`));
    for (const line of hunk.lines) {
      const text = `${line[0]} ${line.slice(1)}`;
      out.push(line[0] === "-" ? c.green(text) : line[0] === "+" ? c.red(text) : c.dim(text));
    }
  }
  return out.join("\n");
}

/** A hunk that shows every line of both sides needs no header. */
function coversAll(hunk: { oldLines: number; newLines: number }, before: string, after: string): boolean {
  return hunk.oldLines === countLines(before) && hunk.newLines === countLines(after);
}

function countLines(text: string): number {
  return text.split("\n").length;
}

// PRINTING

/** A value printed like JSON, over several lines, with sorted keys and a comma after every entry. */
function printValue(value: unknown): string {
  return printAt(value, "", new Set());
}

function printAt(value: unknown, indent: string, open: Set<object>): string {
  if (typeof value !== "object" || value === null) return printScalar(value);
  if (open.has(value)) return "[Circular]";
  const inner = `${indent}  `;
  open.add(value);
  let printed: string;
  if (Array.isArray(value)) {
    printed = value.length ? `[\n${value.map((item) => `${inner}${printAt(item, inner, open)},\n`).join("")}${indent}]` : "[]";
  } else {
    const keys = Object.keys(value).sort();
    const record = value as Record<string, unknown>;
    printed = keys.length
      ? `{\n${keys.map((key) => `${inner}${JSON.stringify(key)}: ${printAt(record[key], inner, open)},\n`).join("")}${indent}}`
      : "{}";
  }
  open.delete(value);
  return printed;
}

function printScalar(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  // NaN and Infinity stay visible (JSON would print null); -0 prints as 0, as JSON sends it.
  if (typeof value === "number") return String(value);
  return String(value);
}
