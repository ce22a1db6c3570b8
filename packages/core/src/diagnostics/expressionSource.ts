import type { SourceFile } from "./sourceFile";
import { itemAt } from "../shared/itemAt";

/**
 * A JSONata expression as written in a file, able to say where any of its
 * characters sits in that file (JSONata reports offsets, users want line:col).
 */
export interface ExpressionSource {
  /** The JSONata text, without the leading `=`. */
  readonly text: string;
  readonly file: SourceFile;
  /** Key path inside the file, e.g. `calls/0/track/properties/total`. */
  readonly path: string;
  /** File offset of the character at `offset` in `text`. */
  fileOffset(offset: number): number;
}

/** An expression that is a contiguous slice of the file (e.g. the body of a `.jsonata` file). */
export function sliceExpression(file: SourceFile, start: number, end: number, path: string): ExpressionSource {
  return {
    text: file.text.slice(start, end),
    file,
    path,
    fileOffset: (offset) => start + offset,
  };
}

/**
 * An expression taken from a YAML scalar. Folding, indentation, quotes and escapes make the
 * scalar's value differ from its source text, so offsets are found by walking both
 * together: each non-blank character of the value is matched to the next equal
 * character of the source. `valueStart` is where the expression starts inside the value.
 */
export function scalarExpression(
  file: SourceFile,
  value: string,
  valueStart: number,
  sourceRange: readonly [number, number],
  path: string,
): ExpressionSource {
  let offsets: number[] | undefined;
  const text = value.slice(valueStart);
  return {
    text,
    file,
    path,
    fileOffset(offset) {
      offsets ??= alignValueToSource(value, file.text, sourceRange[0], sourceRange[1]);
      const index = Math.max(0, Math.min(valueStart + offset, value.length));
      if (index < offsets.length) return itemAt(offsets, index);
      // Just past the end of the value: right after its last character, not after a closing
      // quote or on the line below a block scalar (blanks already map to "after the previous").
      if (offsets.length === 0) return sourceRange[0];
      return itemAt(offsets, offsets.length - 1) + (/\s/.test(value.charAt(value.length - 1)) ? 0 : 1);
    },
  };
}

function alignValueToSource(value: string, source: string, start: number, end: number): number[] {
  const offsets: number[] = [];
  let cursor = start;
  for (let i = 0; i < value.length; i++) {
    const char = value.charAt(i);
    if (/\s/.test(char)) {
      offsets.push(cursor);
      continue;
    }
    const found = source.indexOf(char, cursor);
    if (found === -1 || found >= end) {
      offsets.push(cursor);
      continue;
    }
    offsets.push(found);
    cursor = found + 1;
  }
  return offsets;
}
