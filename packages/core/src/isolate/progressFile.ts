import { closeSync, openSync, readSync, writeSync } from "node:fs";
import type { RunningExpression } from "../evaluate";

/**
 * Where a worker notes the expression it is running, for the pool to read when it has to stop
 * the worker: a blocked worker cannot answer, and a message per expression would cost the main
 * thread. A note is one small positioned write (no message, nothing for the main thread to do);
 * each expression's note is encoded once. Layout: a 4-byte length, then the expression as JSON.
 */
export interface ProgressWriter {
  /** Notes the expression about to run. */
  note(expression: RunningExpression): void;
  /** Forgets the last note, at the start of an event. */
  clear(): void;
}

const EMPTY = Buffer.alloc(4);

export function createProgressWriter(path: string): ProgressWriter {
  const encoded = new WeakMap<RunningExpression, Buffer>();
  let last: RunningExpression | undefined;
  // Notes are a courtesy to the error message: a file that cannot be written (its folder removed
  // as the pool closes) must not fail the worker or its event.
  let fd: number | null | undefined;
  const write = (bytes: Buffer) => {
    try {
      fd ??= openSync(path, "w");
      writeSync(fd, bytes, 0, bytes.length, 0);
    } catch {
      fd = null;
    }
  };
  return {
    note(expression) {
      if (expression === last) return;
      last = expression;
      let bytes = encoded.get(expression);
      if (!bytes) {
        const json = Buffer.from(JSON.stringify({ path: expression.path, location: expression.location }));
        bytes = Buffer.concat([Buffer.alloc(4), json]);
        bytes.writeUInt32LE(json.length, 0);
        encoded.set(expression, bytes);
      }
      if (fd !== null) write(bytes);
    },
    clear() {
      last = undefined;
      if (fd !== null) write(EMPTY);
    },
  };
}

/** The last expression noted in a worker's progress file; undefined when none (or the file cannot be read). */
export function readProgress(path: string): RunningExpression | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const header = Buffer.alloc(4);
    if (readSync(fd, header, 0, 4, 0) < 4) return undefined;
    const length = header.readUInt32LE(0);
    if (length === 0 || length > 64 * 1024) return undefined;
    const body = Buffer.alloc(length);
    if (readSync(fd, body, 0, length, 4) < length) return undefined;
    return JSON.parse(body.toString("utf8")) as RunningExpression;
  } catch {
    // A note half written as the worker was stopped: the error is reported without the expression.
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
