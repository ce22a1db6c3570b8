/**
 * `pnpm demo`: the default mappings, run on example Medusa orders, delivered by the real
 * Segment client to a local Segment-compatible server (or to Segment itself when
 * SEGMENT_WRITE_KEY is set), and what arrived, shown readably.
 */
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import pc from "picocolors";
import {
  createSegmentDestination,
  formatCall,
  formatDiagnostics,
  hasErrors,
  loadMappings,
  Tracker,
  type SegmentCall,
} from "@trackmap/core";
import { startSegmentServer } from "@trackmap/core/testing";

const root = join(__dirname, "..");
const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const c = pc.createColors(color);

async function main(): Promise<number> {
  const mappingsDir = join(root, "mappings");
  const { mappings, diagnostics } = await loadMappings(mappingsDir);
  if (hasErrors(diagnostics)) {
    console.error(formatDiagnostics(diagnostics, { color }));
    return 1;
  }
  console.log(c.bold(`Loaded ${mappings.size} mapping(s) from mappings/: ${mappings.events.join(", ")}`));

  const realKey = process.env.SEGMENT_WRITE_KEY;
  const server = realKey ? undefined : await startSegmentServer();
  const destination = createSegmentDestination({
    writeKey: realKey ?? "demo-write-key",
    host: server?.url,
    flushAt: 20,
    flushInterval: 200,
    onFailure: (failure) => console.error(c.red(`delivery failed: ${failure.message}`)),
  });
  const tracker = new Tracker({ mappings, destination, onError: (error) => console.error(c.red(error.message)) });
  console.log(realKey ? "Sending to Segment (SEGMENT_WRITE_KEY is set)." : `Local Segment-compatible server at ${server!.url}`);

  const examples = [
    { event: "order.placed", fixture: "order-placed.registered.json", story: "A registered customer places an order" },
    { event: "order.placed", fixture: "order-placed.guest.json", story: "A guest places an order" },
  ];
  let sent = 0;
  for (const example of examples) {
    const input = JSON.parse(readFileSync(join(mappingsDir, "fixtures", example.fixture), "utf8"));
    const { event, ...records } = input;
    const result = await tracker.track({ name: example.event, data: event?.data }, { records });
    console.log(`\n${c.cyan("●")} ${example.story}: ${example.event} → ${result.calls.length} call(s) via ${relative(root, result.mapping ?? "")}`);
    sent += result.calls.length;
  }
  await tracker.close({ timeoutMs: 10_000 });

  if (server) {
    const received = await server.waitForMessages(sent, 10_000);
    console.log(c.bold(`\nThe Segment server received ${received.length} message(s) in ${server.batches.length} batch(es):\n`));
    for (const message of received) console.log(formatCall(message as unknown as SegmentCall, { color }));
    await server.close();
  } else {
    console.log(c.bold(`\n${sent} call(s) sent to Segment.`));
  }
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
