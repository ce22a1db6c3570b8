import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { SourceEvent } from "@trackmap/core";
import type { NodeHost, RecordBook } from "./nodeHost";

export interface JsonLinesSummary {
  events: number;
  calls: number;
  /** Lines that are not an event, as `file:line: reason`; the other lines go on. */
  skipped: string[];
}

/** Maps each line of a JSON-lines file (`{"name": "order.placed", "data": {...}}`) through the host, in order. */
export async function trackJsonLines(host: NodeHost, file: string, book: RecordBook): Promise<JsonLinesSummary> {
  const summary: JsonLinesSummary = { events: 0, calls: 0, skipped: [] };
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    const event = parseEvent(text);
    if (typeof event === "string") {
      summary.skipped.push(`${file}:${line}: ${event}`);
      continue;
    }
    const result = await host.trackEvent(event, book);
    summary.events++;
    summary.calls += result?.calls.length ?? 0;
  }
  return summary;
}

/** An event from its JSON text, or why it is not one. */
export function parseEvent(text: string): SourceEvent | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  const { name, data } = (value ?? {}) as { name?: unknown; data?: unknown };
  if (typeof name !== "string" || !name) return 'an event needs a "name", e.g. {"name": "order.placed", "data": {"id": "order_1"}}';
  return { name, data: data ?? {} };
}
