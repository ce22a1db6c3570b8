/**
 * `pnpm demo`: the example Medusa v2 store, with @trackmap/medusa installed as the README
 * says, on an embedded PostgreSQL. A customer signs up, places an order, it ships, a return
 * is received, all through Medusa's own workflows; the Segment calls are shown as a local
 * Segment-compatible server received them (or sent to Segment when SEGMENT_WRITE_KEY is set).
 * It cleans up after itself.
 *
 * `pnpm demo --serve` then leaves the store running with Medusa's admin (and its Settings ›
 * Segment page), printing its URL and a login, until Ctrl-C.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startEmbeddedPostgres } = require("../examples/medusa-store/scripts/embeddedPostgres");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runMedusa } = require("../examples/medusa-store/scripts/runMedusa");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { freePort } = require("../examples/medusa-store/scripts/embeddedPostgres");
import pc from "picocolors";
import { formatCall, type SegmentCall } from "@trackmap/core";
import { startSegmentServer } from "@trackmap/core/testing";

// biome-ignore lint/suspicious/noUndeclaredEnvVars: the demo runs outside turbo, so turbo.json need not pass NO_COLOR on.
const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const c = pc.createColors(color);
const step = (text: string) => console.log(`${c.cyan("▸")} ${text}`);

async function main(): Promise<number> {
  const realKey = process.env.SEGMENT_WRITE_KEY;
  const segment = realKey ? undefined : await startSegmentServer();
  const dataDir = await mkdtemp(join(tmpdir(), "trackmap-demo-pg-"));
  step("Starting PostgreSQL (embedded)");
  const postgres = await startEmbeddedPostgres({ dataDir });
  try {
    await postgres.createDatabase("medusa_demo");
    const env = {
      DATABASE_URL: postgres.url("medusa_demo"),
      SEGMENT_WRITE_KEY: realKey ?? "demo-write-key",
      SEGMENT_HOST: segment?.url ?? "",
      SEGMENT_FLUSH_AT: "1",
      NODE_ENV: "development",
    };
    step("Migrating the store's database (medusa db:migrate)");
    await runMedusa(["db:migrate"], env);
    step("Running the story with Medusa's workflows (medusa exec src/scripts/demo-story.ts)\n");
    await runMedusa(["exec", "./src/scripts/demo-story.ts"], env, (line: string) => {
      if (line.startsWith("story: ")) console.log(`  ${line.slice(7)}`);
    });

    if (!segment) {
      console.log(c.bold("\nSent to Segment (SEGMENT_WRITE_KEY is set): see your source's debugger."));
      if (process.argv.includes("--serve")) await serve(env);
      return 0;
    }
    const messages = segment.messages;
    console.log(c.bold(`\nThe local Segment server received ${messages.length} call(s):\n`));
    for (const message of messages) console.log(formatCall(message as unknown as SegmentCall, { color }));
    if (messages.length === 0) return 1;
    if (process.argv.includes("--serve")) await serve(env);
    return 0;
  } finally {
    await postgres.stop().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
    await segment?.close();
  }
}

const LOGIN = { email: "admin@example.com", password: "trackmap-demo" };

/**
 * Runs the store with its admin (`medusa start` in development, where Medusa serves the dashboard through
 * Vite) until Ctrl-C, after making an admin user to log in with.
 */
async function serve(env: Record<string, string>): Promise<void> {
  step("Making an admin user (medusa user)");
  await runMedusa(["user", "-e", LOGIN.email, "-p", LOGIN.password], env);
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: the demo runs outside turbo; PORT picks the store's port, as for Medusa.
  const port = process.env.PORT ?? String(await freePort());
  step(`Starting the store with its admin (medusa start, port ${port})`);
  const store = spawn(join(__dirname, "..", "examples", "medusa-store", "node_modules", ".bin", "medusa"), ["start"], {
    cwd: join(__dirname, "..", "examples", "medusa-store"),
    env: { ...process.env, ...env, NODE_OPTIONS: "", STORE_ADMIN: "1", PORT: port, MEDUSA_DISABLE_TELEMETRY: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => store.on("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Server is ready on port/.test(output)) resolve();
    };
    store.stdout.on("data", collect);
    store.stderr.on("data", collect);
    void exited.then((code) => reject(new Error(`medusa start exited (${code}):\n${output.slice(-4000)}`)));
  });
  const url = `http://localhost:${port}`;
  console.log(
    [
      "",
      c.bold("The store is running with its admin:"),
      `  ${c.cyan(`${url}/app`)}   log in as ${c.bold(LOGIN.email)} / ${c.bold(LOGIN.password)}`,
      `  Segment page: ${c.cyan(`${url}/app/settings/segment`)} (the first load builds the dashboard, give it a moment)`,
      "  Ctrl-C stops it and removes the demo's database.",
    ].join("\n"),
  );
  const stop = () => store.kill("SIGTERM");
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await exited;
}

main().then(
  (code) => (process.exitCode = code),
  (error) => {
    console.error(c.red(String(error?.message ?? error)));
    process.exitCode = 1;
  },
);
