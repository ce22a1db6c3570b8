import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { ExecArgs, MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import type { SourceEvent } from "@trackmap/core";
import { fixtureFileName, writeFixtureFile } from "@trackmap/core/host";
import { argumentsAfterScript } from "../lib/scriptArguments";
import type SegmentService from "../modules/segment/service";

const USAGE = `Write fixtures from this store's data: the records the mapping of an event loads, as the plugin
loads them (same load:, same Query), redacted, in the format trackmap's tests read.

  npx medusa exec ./node_modules/@trackmap/medusa/.medusa/server/src/scripts/capture.js <event> <id...|last=N|data=JSON> [out=FOLDER]

  <id...>           one fixture per id, the event's data being { id }
  last=<N>          the N newest records of the mapping's first load (e.g. the last 3 orders), each as { id }
  data=<json>       the event's data as Medusa emits it, e.g. data='{"order_id":"order_1","return_id":"ret_1"}'
  out=<folder>      where the files go (default: fixtures); one file per event, <event>.<id>.json
  --json            print the written files as JSON

(Words, not --options: medusa exec refuses options it does not know.)`;

/**
 * `medusa exec` entry point for mapping authors: real input for a new mapping, captured from the
 * store instead of written by hand.
 */
export default async function capture({ container, args }: ExecArgs): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argumentsAfterScript(__filename) ?? args,
    allowPositionals: true,
    options: { json: { type: "boolean" }, help: { type: "boolean" } },
  });
  const [eventName, ...words] = positionals;
  const settings = readWords(words);
  const service = container.resolve<SegmentService>("segmentService");
  try {
    if (values.help || !eventName) return console.log(USAGE);
    const events = await eventsToCapture(eventName, settings, service, container);
    const folder = resolve(settings.out ?? "fixtures");
    const written: string[] = [];
    for (const event of events) {
      const { fixture, errors, complete } = await service.captureInput(event, container);
      if (!complete) throw new Error(`${errors.map((error) => error.message).join("\n")}\nNo fixture written for ${JSON.stringify(event.data)}.`);
      for (const error of errors) console.warn(error.message);
      written.push(await writeFixtureFile(join(folder, fixtureFileName(event)), fixture));
    }
    console.log(values.json ? JSON.stringify({ written }) : `Wrote ${written.length} fixture(s):\n  ${written.join("\n  ")}`);
  } finally {
    await service.close();
  }
}

type CaptureValues = { id?: string[]; last?: string; data?: string; out?: string };

const SETTING = /^(last|data|out)=([\s\S]*)$/;

/** `last=3`, `data={...}`, `out=dir` are settings; any other word is an id. */
function readWords(words: readonly string[]): CaptureValues {
  const values: CaptureValues = {};
  const ids: string[] = [];
  for (const word of words) {
    const [, key, value] = SETTING.exec(word) ?? [];
    if (key === "last" || key === "data" || key === "out") values[key] = value;
    else ids.push(word);
  }
  return ids.length ? { ...values, id: ids } : values;
}

/** The events to load fixtures for: by id, by data as given, or the newest records of the mapping's first load. */
async function eventsToCapture(name: string, values: CaptureValues, service: SegmentService, container: MedusaContainer): Promise<SourceEvent[]> {
  const given = [values.id, values.last, values.data].filter((value) => value !== undefined).length;
  if (given !== 1) throw new Error(`Give ids, or one of last=N or data=JSON.\n\n${USAGE}`);
  if (values.id) return values.id.map((id) => ({ name, data: { id } }));
  if (values.data !== undefined) return [{ name, data: parseData(values.data) }];
  const count = Number(values.last);
  if (!Number.isInteger(count) || count < 1) throw new Error(`last= must be a whole number, at least 1 (got ${values.last})`);
  const first = (await service.ready()).forEvent(name)?.load[0];
  if (!first) throw new Error(`No mapping loads a record for "${name}": give its data with data=JSON.`);
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data } = await query.graph({ entity: first.entity, fields: ["id"], pagination: { take: count, order: { created_at: "DESC" } } });
  if (data.length === 0) throw new Error(`The store has no ${first.entity} yet.`);
  return data.map((record: { id: string }) => ({ name, data: { id: record.id } }));
}

function parseData(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`data= is not valid JSON: ${(error as Error).message}`);
  }
}
