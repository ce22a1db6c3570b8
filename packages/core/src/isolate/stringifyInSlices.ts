import { setImmediate as nextTurn } from "node:timers/promises";

/**
 * JSON.stringify that gives the event loop a turn whenever it has run `sliceMs`: the JSON of a
 * large order takes milliseconds to write, and on the main thread of a store that is a stall of
 * its HTTP requests. It descends into the first levels (the records, a record, its lists) and
 * writes what is below each with JSON.stringify; the text is the same as JSON.stringify's
 * (toJSON honoured, undefined and functions left out of objects and null in lists). Throws as
 * JSON.stringify does (a cycle, a BigInt).
 */
export async function stringifyInSlices(value: unknown, sliceMs = 1): Promise<{ text: string; bytes: number }> {
  const parts: string[] = [];
  let bytes = 0;
  let sliceStart = performance.now();
  const push = (text: string) => {
    parts.push(text);
    bytes += Buffer.byteLength(text);
  };
  const append = async (item: unknown, depth: number): Promise<void> => {
    if (performance.now() - sliceStart > sliceMs) {
      await nextTurn();
      sliceStart = performance.now();
    }
    if (depth >= SPLIT_DEPTH || !isContainer(item)) {
      push(JSON.stringify(item) ?? "null");
      return;
    }
    if (Array.isArray(item)) {
      push("[");
      for (let i = 0; i < item.length; i++) {
        if (i > 0) push(",");
        await append(isOmitted(item[i]) ? null : item[i], depth + 1);
      }
      push("]");
      return;
    }
    push("{");
    let first = true;
    for (const [key, entry] of Object.entries(item)) {
      if (isOmitted(entry)) continue;
      push(`${first ? "" : ","}${JSON.stringify(key)}:`);
      first = false;
      await append(entry, depth + 1);
    }
    push("}");
  };
  await append(value, 0);
  return { text: parts.join(""), bytes };
}

/** The levels split into parts: the input, a record, its lists; an order line is written whole. */
const SPLIT_DEPTH = 4;

function isContainer(value: unknown): value is object {
  return typeof value === "object" && value !== null && typeof (value as { toJSON?: unknown }).toJSON !== "function";
}

/** What JSON leaves out of an object (and writes as null in a list). */
function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}
