import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import type { EmittedEvent } from "./events";

export type RecordSpec = { entity: string; id: string; fields: string[] };

/**
 * Loads one record with Query, exactly as a mapping's `load:` would, and returns it as Medusa
 * gives it once JSON-serialised (BigNumber totals become numbers, dates ISO strings).
 */
async function loadRecord(container: MedusaContainer, { entity, id, fields }: RecordSpec): Promise<unknown> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  const { data } = await query.graph({ entity, fields, filters: { id } });
  if (!data.length) throw new Error(`No ${entity} with id ${id}`);
  return JSON.parse(JSON.stringify(data[0]));
}

/**
 * Writes a mapping fixture: `{ "event": { "name", "data" }, "<record name>": <record>, ... }`,
 * each record loaded with `loadRecord`. Returns what was written.
 */
export async function writeFixture(
  container: MedusaContainer,
  file: string,
  event: Pick<EmittedEvent, "name" | "data">,
  records: Record<string, RecordSpec>,
): Promise<Record<string, unknown>> {
  const fixture: Record<string, unknown> = { event: { name: event.name, data: event.data } };
  for (const [name, spec] of Object.entries(records)) fixture[name] = await loadRecord(container, spec);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(fixture, null, 2)}\n`);
  return fixture;
}
