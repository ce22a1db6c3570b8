import { readFile } from "node:fs/promises";
import { join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { SegmentCall } from "../calls/segmentCall";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic";
import { findFiles } from "../load";

/**
 * A tracking plan in the Segment Protocols style: one JSON Schema (draft-07) per event,
 * validating the whole call (`properties.properties`, `properties.traits`, ...). Each
 * schema's `title` names what it describes: a track event name ("Order Completed"), or
 * "identify", "group", "page", "alias" for the other calls.
 */
export interface TrackingPlan {
  /** How many schemas the plan holds. */
  readonly size: number;
  /** Problems of the call against its schema; empty when it conforms or has no schema. */
  check(call: SegmentCall): string[];
}

const TRACKING_PLAN_FOLDER = "tracking-plan";

/** Loads `tracking-plan/*.json` from each root that has one. */
export async function loadTrackingPlan(roots: readonly string[]): Promise<{ plan: TrackingPlan; diagnostics: Diagnostic[] }> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const schemas = new Map<string, { validate: ValidateFunction; file: string }>();
  const diagnostics: Diagnostic[] = [];
  for (const root of roots) {
    const found = await findFiles(join(root, TRACKING_PLAN_FOLDER), (f) => f.endsWith(".json"));
    diagnostics.push(...(found?.problems ?? []));
    for (const file of found?.files ?? []) {
      const problem = (message: string) => diagnostics.push(diagnostic("TM_TRACKING_PLAN", file, message));
      try {
        const schema = JSON.parse(await readFile(file, "utf8")) as { title?: unknown };
        if (typeof schema.title !== "string" || !schema.title) {
          problem('the schema needs a "title": the track event name, or identify / group / page / alias');
          continue;
        }
        const previous = schemas.get(schema.title);
        if (previous) {
          problem(`"${schema.title}" already has a schema in ${previous.file}; one schema per event`);
          continue;
        }
        schemas.set(schema.title, { validate: ajv.compile(schema), file });
      } catch (error) {
        problem(`not a valid JSON Schema: ${(error as Error).message}`);
      }
    }
  }
  return {
    diagnostics,
    plan: {
      size: schemas.size,
      check(call) {
        const entry = schemas.get(call.type === "track" ? call.event : call.type);
        if (!entry || entry.validate(call)) return [];
        return (entry.validate.errors ?? []).map((e) => `${readablePath(e.instancePath) || "the call"} ${e.message} (tracking plan ${entry.file})`);
      },
    },
  };
}

/** A JSON pointer (`/properties/products/1/price`) as the test kit writes paths: `properties.products[1].price`. */
function readablePath(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), "");
}
