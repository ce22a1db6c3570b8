/**
 * `pnpm demo`: the example Medusa v2 store, with @trackmap/medusa installed as the README
 * says, on an embedded PostgreSQL. A customer signs up, places an order, it ships, a return
 * is received, all through Medusa's own workflows; the Segment calls are shown as a local
 * Segment-compatible server received them (or sent to Segment when SEGMENT_WRITE_KEY is set).
 * It cleans up after itself.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startEmbeddedPostgres } = require("../examples/medusa-store/scripts/embeddedPostgres");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runMedusa } = require("../examples/medusa-store/scripts/runMedusa");
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
      return 0;
    }
    const messages = segment.messages;
    console.log(c.bold(`\nThe local Segment server received ${messages.length} call(s):\n`));
    for (const message of messages) console.log(formatCall(message as unknown as SegmentCall, { color }));
    return messages.length > 0 ? 0 : 1;
  } finally {
    await postgres.stop().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
    await segment?.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error) => {
    console.error(c.red(String(error?.message ?? error)));
    process.exitCode = 1;
  },
);
