// Test support, not part of a store: with TRACKMAP_CAPTURE_DIR set, writes the records each default v1 mapping
// loads for an event, as Medusa 1.20 gives them, to JSON files. They become the mappings' test fixtures
// (packages/medusa-v1/mappings/fixtures/generated), so the mapping tests run on real v1 data.
// A class subscriber (Medusa v1's older format): it subscribes to several events and knows which one fired,
// which a 1.18+ function subscriber cannot on the local event bus.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { evaluateMapping, loadMappings, type RecordLoader } from "@trackmap/core";
import { createV1RecordLoader, DEFAULT_EVENTS } from "@trackmap/medusa-v1";

type Cradle = Record<string, any>;

const mappingsFolder = join(dirname(require.resolve("@trackmap/medusa-v1/package.json")), "mappings");

export default class CaptureFixtures {
  constructor(cradle: Cradle) {
    const dir = process.env.TRACKMAP_CAPTURE_DIR;
    if (!dir) return;
    const loaded = loadMappings([mappingsFolder]);
    const load = createV1RecordLoader({ resolve: (name: string) => cradle[name] });
    for (const eventName of DEFAULT_EVENTS) {
      cradle.eventBusService.subscribe(
        eventName,
        async (data: Record<string, unknown>) => {
          const mapping = (await loaded).mappings.forEvent(eventName);
          if (!mapping) return;
          const records: Record<string, unknown> = {};
          const recording: RecordLoader = async (request) => (records[request.name] = await load(request));
          await evaluateMapping(
            mapping,
            { name: eventName, data },
            { loader: recording, variables: { reporting: { currency: "EUR", rates: {} }, plugin: {} } },
          );
          mkdirSync(dir, { recursive: true });
          const input = JSON.parse(JSON.stringify({ event: { data }, ...records }));
          writeFileSync(join(dir, `${eventName}.${String(data.id)}.json`), `${JSON.stringify(input, null, 2)}\n`);
        },
        { subscriberId: `capture-${eventName}` },
      );
    }
  }
}
