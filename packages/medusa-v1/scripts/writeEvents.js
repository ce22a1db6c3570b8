// Writes events.json, the events the plugin listens to, for `trackmap validate` in a store.
const { writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { TRACKABLE_EVENTS } = require("../dist/lib/trackedEvents.js");

writeFileSync(join(__dirname, "..", "events.json"), `${JSON.stringify(TRACKABLE_EVENTS, null, 2)}\n`);
console.log(`wrote events.json (${TRACKABLE_EVENTS.length} events)`);
