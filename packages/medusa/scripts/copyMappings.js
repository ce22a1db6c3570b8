// Ships the default mappings inside the plugin: copies the repository's mappings/ (mapping
// and library files, tracking plan) into the package's mappings/ folder after the build, and
// writes events.json, the events the plugin listens to, for `trackmap validate` in a store.
const { cpSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

const from = join(__dirname, "..", "..", "..", "mappings");
const to = join(__dirname, "..", "mappings");
rmSync(to, { recursive: true, force: true });
cpSync(from, to, {
  recursive: true,
  // Only what the plugin runs: no tests, fixtures, package files or dot-folders (.turbo).
  filter: (source) => !/node_modules|fixtures|\/\.|\.test\.ya?ml$|package\.json$/.test(source.slice(from.length)),
});
// In this repository the $schema lines point at packages/core; installed, the plugin's mappings/ sits
// beside @trackmap/core in node_modules/@trackmap (npm's layout, and pnpm's for a package's dependencies).
for (const file of walk(to).filter((path) => /\.ya?ml$/.test(path))) {
  const text = readFileSync(file, "utf8");
  writeFileSync(
    file,
    text.replace(/(\$schema=)(?:\.\.\/)+packages\/core\//, (_, key) => `${key}${"../".repeat(depth(file))}core/`),
  );
}
console.log(`copied default mappings to ${to}`);

const { TRACKABLE_EVENTS } = require("../.medusa/server/src/lib/trackableEvents.js");
writeFileSync(join(__dirname, "..", "events.json"), `${JSON.stringify(TRACKABLE_EVENTS, null, 2)}\n`);
console.log(`wrote events.json (${TRACKABLE_EVENTS.length} events)`);

function walk(dir) {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
}

/** Folders from the file up to node_modules/@trackmap: mappings/x.yaml → 2 (../../core). */
function depth(file) {
  return file.slice(to.length + 1).split("/").length + 1;
}
