import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { JsonObject } from "../calls/segmentCall";
import type { CompiledMapping } from "../compile";
import { convertInput, loadMappingInput, type MappingRunError, type RecordLoader, type SourceEvent } from "../evaluate";
import { createRedactor } from "../validate";

const plain = (value: unknown) => convertInput(value).value;

/**
 * An event's input as fixtures hold it and the test kit reads it (`input:` of a case, `trackmap run
 * --input`): `{ event: { name, data }, <records by name> }`, plain JSON, with the keys the host
 * redacts from calls removed from the records too, so that a fixture never holds a password hash.
 */
export function fixtureOf(event: SourceEvent, records: Record<string, unknown>, redact?: readonly string[]): JsonObject {
  const metadata = plain(event.metadata);
  const hasMetadata = metadata && typeof metadata === "object" && Object.keys(metadata).length > 0;
  const written = { name: event.name, data: plain(event.data ?? {}), ...(hasMetadata ? { metadata } : {}) };
  return createRedactor(redact)(plain({ event: written, ...records }) as JsonObject);
}

export interface CapturedInput {
  /** The fixture; with `complete` false, only what could be loaded. */
  fixture: JsonObject;
  /** Problems met loading the records, as the plugin would report them. */
  errors: MappingRunError[];
  /** False when a record the mapping needs could not be loaded: the fixture would not map. */
  complete: boolean;
}

/**
 * Loads the records a mapping declares for an event exactly as a host does when it maps the event
 * (the same `load:`, the same loader), and gives them as a fixture.
 */
export async function captureInput(
  mapping: CompiledMapping,
  event: SourceEvent,
  loader: RecordLoader,
  redact?: readonly string[],
): Promise<CapturedInput> {
  const { input, errors, complete } = await loadMappingInput(mapping, event, { loader, keepRecordsAsLoaded: true });
  const { event: _madePlain, ...records } = input;
  return { fixture: fixtureOf(event, records, redact), errors, complete };
}

/**
 * A loader that also keeps what it loaded, by record name: a host maps the event as usual and
 * writes its input afterwards, whether the event is mapped here or in a worker.
 */
export function recordingLoader(loader: RecordLoader): { loader: RecordLoader; records: Record<string, unknown> } {
  const records: Record<string, unknown> = {};
  return {
    records,
    loader: async (request) => {
      const record = await loader(request);
      records[request.name] = record ?? null;
      return record;
    },
  };
}

/**
 * `order-placed.order_01J….json`: the event with dashes, like the shipped fixtures, then the
 * event's id (or the time, for data without one), made safe for a file name.
 */
export function fixtureFileName(event: SourceEvent, at: Date = new Date()): string {
  const id = (event.data as { id?: unknown } | undefined)?.id;
  const tail = typeof id === "string" || typeof id === "number" ? String(id) : at.toISOString();
  return `${event.name.replace(/\./g, "-")}.${tail}.json`.replace(/[^\w.-]+/g, "-");
}

/** Writes a fixture as the shipped ones are written: JSON, two spaces, a final newline. */
export async function writeFixtureFile(file: string, fixture: JsonObject): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(fixture, null, 2)}\n`);
  return file;
}

/** Writes a fixture into a folder under its `fixtureFileName`; gives the file's path. */
export function writeFixtureInto(folder: string, event: SourceEvent, fixture: JsonObject): Promise<string> {
  return writeFixtureFile(join(folder, fixtureFileName(event)), fixture);
}
