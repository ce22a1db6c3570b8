import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { MappingSet } from "../../compile";
import type { SourceEvent } from "../../evaluate";
import { type CapturedInput, fixtureFileName, writeFixtureFile } from "../capturedInput";
import type { CommandOutput } from "./backfillCommand";

const CAPTURE_HELP = `  <id...>           one fixture per id, the event's data being { id }
  last=<N>          the N newest records of the mapping's first load (e.g. the last 3 orders), each as { id }
  data=<json>       the event's data as Medusa emits it, e.g. data='{"id":"order_1","return_id":"ret_1"}'
  out=<folder>      where the files go (default: fixtures); one file per event, e.g. order-placed.order_1.json
  --json            print the written files as JSON`;

/** The usage of a host's capture command: how it is invoked, then the shared words. */
export function captureUsage(invocation: string): string {
  return `Write fixtures from this store's data: the records the mapping of an event loads, as the plugin
loads them (same load:, same loader), redacted, in the format trackmap's tests read.

${invocation}

${CAPTURE_HELP}`;
}

/** What a host gives the capture command. */
export interface CaptureCommandHost {
  /** The mappings the plugin runs (the runtime's ready()). */
  mappings(): Promise<Pick<MappingSet, "forEvent">>;
  /** The event's input as the plugin loads it (the runtime's captureInput). */
  captureInput(event: SourceEvent): Promise<CapturedInput>;
  /** The ids of the `count` newest records of `entity`, newest first. */
  newestIds(entity: string, count: number): Promise<string[]>;
}

/**
 * `capture <event> <id...|last=N|data=JSON> [out=FOLDER]`: real input for a new mapping, captured
 * from the store instead of written by hand. Words rather than options for the settings, since
 * Medusa v2's `medusa exec` refuses options it does not know. Resolves with the files written.
 */
export async function runCaptureCommand(
  args: string[],
  host: CaptureCommandHost,
  usage: string,
  output: Pick<CommandOutput, "line"> = { line: (text) => console.log(text) },
): Promise<string[]> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: "boolean" }, help: { type: "boolean" } } });
  const [eventName, ...words] = positionals;
  if (values.help || !eventName) {
    output.line(usage);
    return [];
  }
  const settings = readCaptureWords(words);
  const events = await eventsToCapture(eventName, settings, host, usage);
  const folder = resolve(settings.out ?? "fixtures");
  const written: string[] = [];
  for (const event of events) {
    const { fixture, errors, complete } = await host.captureInput(event);
    if (!complete) throw new Error(`${errors.map((error) => error.message).join("\n")}\nNo fixture written for ${JSON.stringify(event.data)}.`);
    for (const error of errors) console.warn(error.message);
    written.push(await writeFixtureFile(join(folder, fixtureFileName(event)), fixture));
  }
  output.line(values.json ? JSON.stringify({ written }) : `Wrote ${written.length} fixture(s):\n  ${written.join("\n  ")}`);
  return written;
}

export interface CaptureSettings {
  id?: string[];
  last?: string;
  data?: string;
  out?: string;
}

const SETTING = /^(last|data|out)=([\s\S]*)$/;

/** `last=3`, `data={...}`, `out=dir` are settings; any other word is an id. */
export function readCaptureWords(words: readonly string[]): CaptureSettings {
  const values: CaptureSettings = {};
  const ids: string[] = [];
  for (const word of words) {
    const [, key, value] = SETTING.exec(word) ?? [];
    if (key === "last" || key === "data" || key === "out") values[key] = value;
    else ids.push(word);
  }
  return ids.length ? { ...values, id: ids } : values;
}

/** The events to load fixtures for: by id, by data as given, or the newest records of the mapping's first load. */
async function eventsToCapture(name: string, values: CaptureSettings, host: CaptureCommandHost, usage: string): Promise<SourceEvent[]> {
  const given = [values.id, values.last, values.data].filter((value) => value !== undefined).length;
  if (given !== 1) throw new Error(`Give ids, or one of last=N or data=JSON.\n\n${usage}`);
  if (values.id) return values.id.map((id) => ({ name, data: { id } }));
  if (values.data !== undefined) return [{ name, data: parseData(values.data) }];
  const count = Number(values.last);
  if (!Number.isInteger(count) || count < 1) throw new Error(`last= must be a whole number, at least 1 (got ${values.last})`);
  const first = (await host.mappings()).forEvent(name)?.load[0];
  if (!first) throw new Error(`No mapping loads a record for "${name}": give its data with data=JSON.`);
  const ids = await host.newestIds(first.entity, count);
  if (ids.length === 0) throw new Error(`The store has no ${first.entity} yet.`);
  return ids.map((id) => ({ name, data: { id } }));
}

function parseData(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`data= is not valid JSON: ${(error as Error).message}`);
  }
}
