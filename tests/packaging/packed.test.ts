import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startSegmentServer, type SegmentServer } from "@trackmap/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// A real PostgreSQL for the bare store, started as the example store's tests start theirs.
import { startEmbeddedPostgres } from "@trackmap/example-medusa-store/scripts/embeddedPostgres";

/**
 * What a store gets from the registry: each publishable package packed with `pnpm pack` (which
 * turns `workspace:*` into versions, as publishing does), installed with npm into a fresh folder
 * outside the workspace, next to the Medusa it targets, and run from there.
 */
const REPOSITORY = resolve(__dirname, "..", "..");
const PUBLISHED = ["packages/core", "packages/medusa", "packages/medusa-v1"];
const MEDUSA_VERSION: string = require("@trackmap/medusa/package.json").devDependencies["@medusajs/framework"];

let folder: string;
let tarballs: Record<string, string>;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), "trackmap-packed-"));
  const packs = join(folder, "tarballs");
  for (const pkg of PUBLISHED) run("pnpm", ["pack", "--pack-destination", packs], join(REPOSITORY, pkg));
  tarballs = Object.fromEntries(readdirSync(packs).map((file) => [file.replace(/-\d+\.\d+\.\d+.*$/, ""), join(packs, file)]));
});

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe("a Medusa v2 store that installed the packed @trackmap/medusa with npm", () => {
  let store: string;
  let segment: SegmentServer;
  let postgres: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  let pgData: string | undefined;

  beforeAll(async () => {
    store = join(folder, "store");
    mkdirSync(store);
    writeJson(join(store, "package.json"), {
      name: "a-store",
      private: true,
      dependencies: {
        "@medusajs/cli": MEDUSA_VERSION,
        "@medusajs/framework": MEDUSA_VERSION,
        "@medusajs/medusa": MEDUSA_VERSION,
        // The plugin's dependency on the core is a version once packed: the core's tarball provides it.
        "@trackmap/core": `file:${tarballs["trackmap-core"]}`,
        "@trackmap/medusa": `file:${tarballs["trackmap-medusa"]}`,
      },
    });
    run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], store);
    segment = await startSegmentServer();
  });

  afterAll(async () => {
    await segment?.close();
    await postgres?.stop();
    if (pgData) rmSync(pgData, { recursive: true, force: true });
  });

  it("has the trackmap command in node_modules/.bin, and the plugin's shipped mappings pass its validate", () => {
    const output = run(join(store, "node_modules/.bin/trackmap"), ["validate", "node_modules/@trackmap/medusa/mappings"], store);

    expect(output).toMatch(/^✔ valid: \d+ mapping file\(s\)/m);
  });

  it("resolves both JSON schemas through @trackmap/core's exports", () => {
    const ids = run(
      "node",
      ["-p", `["mapping", "test-file"].map((name) => require(require.resolve("@trackmap/core/" + name + ".schema.json")).$id).join(" ")`],
      store,
    );

    expect(ids.trim()).toBe("https://trackmap.dev/schemas/mapping.schema.json https://trackmap.dev/schemas/test-file.schema.json");
  });

  it("runs a store's mapping loop: init, a test on a fixture fails, --update makes it pass, JUnit, and validate suggests", () => {
    const trackmap = (...args: string[]) => spawnSync(join(store, "node_modules/.bin/trackmap"), args, { cwd: store, encoding: "utf8" });
    run(join(store, "node_modules/.bin/trackmap"), ["init"], store);
    // A product as the plugin loads it for product.created, captured from the example store by the
    // plugin's capture script (its capture.spec.ts checks that this file is still what the store gives).
    mkdirSync(join(store, "trackmap/fixtures"));
    copyFileSync(join(__dirname, "fixtures/product-created.json"), join(store, "trackmap/fixtures/product-created.json"));
    const testFile = join(store, "trackmap/product-created.test.yaml");
    const initTest = readFileSync(testFile, "utf8");
    writeFileSync(testFile, initTest.replace(/^ {4}input:\n {6}product: .*$/m, "    input: fixtures/product-created.json"));

    const failing = trackmap("test");
    const updated = trackmap("test", "--update");
    const junit = trackmap("test", "--reporter", "junit", "--output-file", "trackmap-junit.xml");
    const mapping = join(store, "trackmap/product-created.yaml");
    writeFileSync(
      mapping,
      readFileSync(mapping, "utf8")
        .replace("on: product.created", "on: product.created\nuse: [commerce]")
        .replace("= [product.variants.sku]", "= $prodcuts(product.variants)"),
    );
    const validate = trackmap("validate");

    expect([failing.status, failing.stdout]).toEqual([1, expect.stringContaining("+   Medusa Sweatpants")]);
    expect([updated.status, updated.stderr]).toEqual([0, "updated 1 case(s) in 1 file(s)\n"]);
    expect(readFileSync(testFile, "utf8")).toContain("name: Medusa Sweatpants");
    expect(junit.status).toBe(0);
    expect(readFileSync(join(store, "trackmap-junit.xml"), "utf8")).toContain('<testsuites name="trackmap" tests="1" failures="0" errors="0"');
    expect(validate.status).toBe(1);
    expect(validate.stderr).toContain("error TM_UNKNOWN_FUNCTION unknown function $prodcuts\n");
    expect(validate.stderr).toContain("hint: did you mean $products?");
  });

  it("loads the plugin in a bare Medusa app: its migration makes the outbox, and a medusa exec script's call reaches Segment", async () => {
    // Its own folder under the system's: as root, PostgreSQL runs as another user, who cannot enter `folder` (mode 700).
    pgData = mkdtempSync(join(tmpdir(), "trackmap-packed-pg-"));
    postgres = await startEmbeddedPostgres({ dataDir: pgData });
    await postgres.createDatabase("store");
    writeFileSync(join(store, "medusa-config.js"), MEDUSA_CONFIG);
    writeFileSync(join(store, "send.js"), SEND_SCRIPT);
    const env = { DATABASE_URL: postgres.url("store"), SEGMENT_HOST: segment.url };

    run(join(store, "node_modules/.bin/medusa"), ["db:migrate"], store, env);
    // Not spawnSync: the local Segment server answers from this process's event loop while the script runs.
    const output = await runAsync(join(store, "node_modules/.bin/medusa"), ["exec", "./send.js"], store, env);

    expect(output).toContain("segmentService handles order.placed: true");
    expect(output).not.toMatch(/outbox table is missing|could not be stored/);
    // The script exits as soon as it returns; the call was stored and flushed before the exit.
    expect(
      segment.messages.map((m) => [m.type, m.event, m.userId]),
      output,
    ).toEqual([["track", "Packed Plugin Checked", "cus_packed"]]);
  });
});

describe("a Medusa v1 store's install of the packed @trackmap/medusa-v1", () => {
  it("brings the service and its eight default mappings", () => {
    const store = join(folder, "v1-store");
    mkdirSync(store);
    writeJson(join(store, "package.json"), {
      name: "a-v1-store",
      private: true,
      dependencies: { "@trackmap/core": `file:${tarballs["trackmap-core"]}`, "@trackmap/medusa-v1": `file:${tarballs["trackmap-medusa-v1"]}` },
    });
    // Medusa 1.x itself is the store's (a peer): not needed to load the service.
    run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "--legacy-peer-deps"], store);

    const events = run(
      "node",
      [
        "-e",
        `const { SegmentService } = require("@trackmap/medusa-v1");
         const logger = { info() {}, warn() {}, error: console.error };
         new SegmentService({ logger }, {}).trackedEvents().then((events) => console.log(events.join(" ")));`,
      ],
      store,
    );

    expect(events.trim().split(" ").sort()).toEqual([
      "claim.created",
      "order.canceled",
      "order.items_returned",
      "order.placed",
      "order.shipment_created",
      "swap.created",
      "swap.payment_completed",
      "swap.shipment_created",
    ]);
  });
});

const MEDUSA_CONFIG = `const { defineConfig } = require("@medusajs/framework/utils");
module.exports = defineConfig({
  projectConfig: { databaseUrl: process.env.DATABASE_URL, http: { jwtSecret: "s", cookieSecret: "s" } },
  admin: { disable: true },
  plugins: [{ resolve: "@trackmap/medusa", options: { write_key: "packed-test-key", host: process.env.SEGMENT_HOST, flush_at: 1 } }],
});
`;

// medusa exec runs a module's default export.
const SEND_SCRIPT = `exports.default = async function ({ container }) {
  const segment = container.resolve("segmentService");
  console.log("segmentService handles order.placed: " + segment.handles("order.placed"));
  await segment.track({ event: "Packed Plugin Checked", userId: "cus_packed" });
};
`;

/** Runs a command to its end; its output, or an error with the output when it fails. */
function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: "", MEDUSA_DISABLE_TELEMETRY: "true", ...env },
    timeout: 900_000,
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} (in ${cwd}) exited ${result.status ?? result.signal}:\n${output.slice(-4000)}`);
  return output;
}

/** The same as `run`, without blocking this process meanwhile. */
async function runAsync(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<string> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, {
      cwd,
      env: { ...process.env, NODE_OPTIONS: "", MEDUSA_DISABLE_TELEMETRY: "true", ...env },
      timeout: 900_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    const { stdout = "", stderr = "", code } = error as { stdout?: string; stderr?: string; code?: unknown };
    throw new Error(`${command} ${args.join(" ")} (in ${cwd}) exited ${String(code)}:\n${`${stdout}${stderr}`.slice(-4000)}`);
  }
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
