// Ships the default mappings inside the plugin: copies the repository's mappings/ (mapping
// and library files, tracking plan) into the package's mappings/ folder after the build.
const { cpSync, rmSync } = require("node:fs");
const { join } = require("node:path");

const from = join(__dirname, "..", "..", "..", "mappings");
const to = join(__dirname, "..", "mappings");
rmSync(to, { recursive: true, force: true });
cpSync(from, to, {
  recursive: true,
  // Only what the plugin runs: no tests, fixtures, package files or dot-folders (.turbo).
  filter: (source) => !/node_modules|fixtures|\/\.|\.test\.ya?ml$|package\.json$/.test(source.slice(from.length)),
});
console.log(`copied default mappings to ${to}`);
