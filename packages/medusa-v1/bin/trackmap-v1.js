#!/usr/bin/env node
// `npx trackmap-v1 capture|backfill …` in a Medusa v1 store's folder (docs/backfill.md, the plugin's README).
// Medusa 1.20 leaves timers and connections behind: the process ends with the command's exit code.
require("../dist/cli/main.js")
  .main(process.argv.slice(2))
  .then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
