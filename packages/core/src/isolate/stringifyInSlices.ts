import { setImmediate as nextTurn } from "node:timers/promises";

/**
 * JSON.stringify that gives the event loop a turn whenever it has run `sliceMs`: the JSON of a
 * large order takes milliseconds to write, and on the main thread of a store that is a stall of
 * its HTTP requests. It descends into the first levels (the records, a record, its lists) and
 * writes what is below each with JSON.stringify; the text is the same as JSON.stringify's
 * (toJSON honoured, undefined and functions left out of objects and null in lists). Throws as
 * JSON.stringify does (a cycle, a BigInt).
 *
 * The walk keeps its own stack rather than recursing through async calls: a promise per value
 * cost more than the writing itself, and only a slice's end needs to wait.
 */
export async function stringifyInSlices(value: unknown, sliceMs = 1): Promise<{ text: string; bytes: number }> {
  const parts: string[] = [];
  const stack: Frame[] = [];
  const open = (item: unknown, depth: number) => {
    if (depth >= SPLIT_DEPTH || !isContainer(item)) {
      parts.push(JSON.stringify(item) ?? "null");
    } else if (Array.isArray(item)) {
      parts.push("[");
      stack.push({ items: item, index: 0, depth });
    } else {
      parts.push("{");
      stack.push({ entries: Object.entries(item), index: 0, depth, written: 0 });
    }
  };
  let sliceStart = performance.now();
  open(value, 0);
  while (stack.length > 0) {
    if (performance.now() - sliceStart > sliceMs) {
      await nextTurn();
      sliceStart = performance.now();
    }
    const frame = stack[stack.length - 1] as Frame;
    if ("items" in frame) {
      if (frame.index === frame.items.length) {
        parts.push("]");
        stack.pop();
        continue;
      }
      if (frame.index > 0) parts.push(",");
      const item = frame.items[frame.index++];
      open(isOmitted(item) ? null : item, frame.depth + 1);
      continue;
    }
    const entry = frame.entries[frame.index++];
    if (entry === undefined) {
      parts.push("}");
      stack.pop();
    } else if (!isOmitted(entry[1])) {
      parts.push(`${frame.written++ === 0 ? "" : ","}${JSON.stringify(entry[0])}:`);
      open(entry[1], frame.depth + 1);
    }
  }
  const text = parts.join("");
  return { text, bytes: Buffer.byteLength(text) };
}

/** A list or an object being written, and how far. */
type Frame = { items: unknown[]; index: number; depth: number } | { entries: [string, unknown][]; index: number; depth: number; written: number };

/** The levels split into parts: the input, a record, its lists; an order line is written whole. */
const SPLIT_DEPTH = 4;

function isContainer(value: unknown): value is object {
  return typeof value === "object" && value !== null && typeof (value as { toJSON?: unknown }).toJSON !== "function";
}

/** What JSON leaves out of an object (and writes as null in a list). */
function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}
