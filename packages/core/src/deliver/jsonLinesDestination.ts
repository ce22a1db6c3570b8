import { createWriteStream, type WriteStream } from "node:fs";
import type { SegmentCall } from "../calls/segmentCall";
import type { DeliveryFailure, DeliveryFailureListener, DeliveryOutcome, Destination } from "./destination";

/**
 * Appends each call to a file as one JSON object per line (the call as is, `type`
 * included): easy to diff, grep, `jq`, or replay later into Segment.
 */

// TYPES

export interface JsonLinesDestinationOptions {
  /** File to append to; created on the first call (its folder must exist). */
  file: string;
  /** Told once about each call that could not be written. */
  onFailure?: DeliveryFailureListener;
}

// MAIN

export function createJsonLinesDestination(options: JsonLinesDestinationOptions): Destination {
  const { file, onFailure } = options;
  let stream: WriteStream | undefined;
  // The first stream error (e.g. ENOENT on open) explains every later failed write better than Node's own.
  let streamError: Error | undefined;
  let closing: Promise<void> | undefined;

  // Opened lazily, so a destination that never gets a call leaves no empty file behind.
  function openStream(): WriteStream {
    if (stream) return stream;
    stream = createWriteStream(file, { flags: "a", encoding: "utf8" });
    // Without a listener an open or write error would crash the process.
    stream.on("error", (error) => {
      streamError ??= error;
    });
    return stream;
  }

  function fail(call: SegmentCall, reason: string): DeliveryOutcome {
    const failure: DeliveryFailure = { code: "write_failed", message: `Could not write to ${file}: ${reason}` };
    if (call.messageId !== undefined) failure.messageId = call.messageId;
    if (onFailure) {
      try {
        onFailure(failure, call);
      } catch {
        // A throwing listener must not turn a resolved outcome into a rejection.
      }
    }
    return { status: "failed", call, error: failure };
  }

  return {
    name: "jsonl",

    send(call) {
      if (closing) {
        const failure: DeliveryFailure = { code: "destination_closed", message: `${file} is closed.` };
        if (call.messageId !== undefined) failure.messageId = call.messageId;
        return Promise.resolve({ status: "failed", call, error: failure });
      }
      let line: string;
      try {
        line = `${JSON.stringify(call)}\n`;
      } catch (error) {
        return Promise.resolve(fail(call, `the call is not serialisable (${describeError(error)})`));
      }
      const target = openStream();
      return new Promise<DeliveryOutcome>((resolve) => {
        // The write callback fires once the bytes reached the file (or failed to).
        target.write(line, (error) => {
          if (error) resolve(fail(call, describeError(streamError ?? error)));
          else resolve({ status: "delivered", call });
        });
      });
    },

    close() {
      closing ??= new Promise<void>((resolve) => {
        if (!stream || stream.destroyed) return resolve();
        // end() waits for queued writes; 'close' also fires when the stream fails instead.
        stream.once("close", () => resolve());
        stream.end();
      });
      return closing;
    },
  };
}

// HELPERS

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
