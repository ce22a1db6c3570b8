// Builds Medusa's dashboard with the plugins' admin extensions (the Segment page) as `medusa build` builds it,
// then puts it where `medusa start` serves it from, at /app: public/admin, beside medusa-config.js. The store runs
// from its sources (no compiled .medusa/server), so only the admin is built.
const { cpSync, rmSync } = require("node:fs");
const { join } = require("node:path");
const { runMedusa } = require("./runMedusa");

const STORE = join(__dirname, "..");

async function buildAdmin() {
  await runMedusa(["build", "--admin-only"], { STORE_ADMIN: "1", NODE_ENV: "production", MEDUSA_DISABLE_TELEMETRY: "true" });
  rmSync(join(STORE, "public", "admin"), { recursive: true, force: true });
  cpSync(join(STORE, ".medusa", "admin"), join(STORE, "public", "admin"), { recursive: true });
}

module.exports = { buildAdmin };
