import { cpus } from "node:os";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { benchBackfill } from "./sections/backfill";
import { benchDelivery } from "./sections/delivery";
import { benchEndToEnd } from "./sections/endToEnd";
import { benchIsolation } from "./sections/isolation";
import { benchLargeOrders } from "./sections/largeOrders";
import { benchMappingCost } from "./sections/mappingCost";
import { benchStartup } from "./sections/startup";
import { benchCompilerFuzz } from "./sections/compilerFuzz";
import { ROOT } from "./fixtures";
import { format } from "./measure";

/**
 * `pnpm bench`: prints each section as it is measured, then writes BENCHMARKS.md at the
 * repository root with the figures and how they were produced.
 */
async function main() {
  // `pnpm bench isolation`: that section alone, printed, BENCHMARKS.md left as it is.
  // `pnpm bench backfill`: that section alone, printed.
  if (process.argv[2] === "backfill") {
    console.log((await benchBackfill()).markdown);
    return;
  }
  if (process.argv[2] === "isolation") {
    const isolation = await benchIsolation();
    console.log(`${isolation.markdown}\n\n${isolation.runaway}\n\npool start: ${format.timing(isolation.startup)}`);
    return;
  }
  // `pnpm bench large-orders`: that section alone, printed.
  if (process.argv[2] === "large-orders") {
    console.log((await benchLargeOrders()).markdown);
    return;
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, Node ${process.version}, ${process.platform}`;
  const sections: string[] = [];
  const section = (title: string, intro: string, markdown: string) => {
    const text = `## ${title}\n\n${intro}\n\n${markdown}\n`;
    console.log(text);
    sections.push(text);
  };
  console.log(`machine: ${machine}\n`);

  const cost = await benchMappingCost();
  section(
    "1. Mapping cost",
    "The default order.placed mapping (Order Completed + identify) on a real Medusa order grown to 3, 20 and 200 lines, " +
      "with the fields its preset loads. trackmap is what the plugin does per event (evaluate with limits, normalise, " +
      "messageIds, redact, validate); compiled is the same programs compiled by trackmap's compiler (compileExpression) " +
      "and evaluated directly; JSONata's evaluator is the same programs on jsonata 2.2.2's interpreter; hand-written " +
      "TypeScript gives the same calls (checked). µs per event: median of 7 runs after warm-up (fastest–slowest). The " +
      "longest event-loop block is one event's evaluation: evaluation never yields.",
    cost.markdown,
  );
  const fuzz = await benchCompilerFuzz();
  section(
    "1b. The compiler against jsonata",
    "The compiler's property test (packages/core/src/compile/jsonata), run longer than in CI and with a new seed: " +
      "generated expressions over what the compiler compiles, on generated data, evaluated compiled and by jsonata " +
      "2.2.2; values must be equal (flags, prototypes and key order included), errors must be jsonata's.",
    fuzz.markdown,
  );
  if (fuzz.failed) process.exitCode = 1;
  const isolation = await benchIsolation();
  section(
    "1c. Isolated evaluation",
    "The same mapping and orders through the isolated mapper (`createIsolatedMapper`, as a host uses it): the order is " +
      "handed over as the loader gives it, the event goes to a worker process (JSON over IPC), is evaluated there with " +
      "the same limits, and its calls come back. In-thread is the same event mapped on the main thread. The longest " +
      "main-thread block is the longest stretch, over 10 events, in which the event loop could not run anything else " +
      `while one event was mapped. Starting the pool (2 workers, each loading the defaults): ${format.timing(isolation.startup)}.`,
    isolation.markdown,
  );
  section(
    "1d. A runaway event beside others",
    "A store mapping with a backtracking regular expression (`$contains(email, /^([a-zA-Z0-9_.+-]+)+@shop\\.com$/)`) " +
      "fed a 38-character email (seconds of backtracking) runs in one worker, while trivial events are mapped one after " +
      "another in the other; its worker is killed at the budget and replaced.",
    isolation.runaway,
  );
  const large = await benchLargeOrders();
  section(
    "1e. Large orders, isolated",
    "The default order.placed on a real order grown to 1,000 and 10,000 lines, loaded with its preset's fields, through " +
      "the isolated mapper with its defaults (1 s budget per event from the start of evaluation, 256 MB per worker): " +
      "the first event on a fresh pool, then warm (median of 5). Order Completed must stay under Segment's 32 KB: the " +
      "first products that fit are sent, with products_truncated and product_count.",
    large.markdown,
  );
  const startup = await benchStartup();
  section("2. Start-up", "Loading, validating and compiling mappings, as the plugin does once at start-up (median of runs).", startup.markdown);
  const delivery = await benchDelivery();
  section(
    "3. Delivery throughput",
    "10,000 calls through the core's Segment destination (the real @segment/analytics-node, flushAt 100) into a local " +
      "Segment-compatible server on loopback; every messageId must arrive exactly once.",
    delivery.markdown,
  );
  const backfill = await benchBackfill();
  section(
    "3b. Backfill throughput, and live calls during a backfill",
    "10,000 historical orders through runBackfill with the rate limit off: the default order.placed mapping on the main " +
      "thread (the order fixture, 3 lines, loaded per order), calls stored in the memory outbox in batches and delivered by " +
      "the real @segment/analytics-node to a local server; every messageId must arrive exactly once. Then a live outbox " +
      "and a backfill's share the store, each with its own client (flushAt 15, flushInterval 100 ms): live calls sent one " +
      "after another, from `send` to the server receiving them, alone and while the same backfill runs unthrottled in the " +
      "same process (its mapping competes for the one event loop). A live call is sent the moment it is stored, never " +
      "behind the backfill's calls waiting in the outbox.",
    backfill.markdown,
  );
  const e2e = await benchEndToEnd();
  section(
    "4. End to end in Medusa",
    "Orders placed with Medusa's workflows in the example store (`medusa exec`, embedded PostgreSQL, local event bus), " +
      "the plugin sending to a local Segment server (flushAt 1) through its durable outbox (the default: each call " +
      "stored in PostgreSQL, then sent at once), then straight through the Segment client (`outbox: false`), then " +
      "without the plugin. The plugin maps after the workflow, in a subscriber: order placement should not change. " +
      "Each run is one process on a 2-core machine; differences of a few milliseconds between runs are noise.",
    e2e.markdown,
  );

  const document = [
    "# Benchmarks",
    "",
    `Produced by \`pnpm bench\` on ${new Date().toISOString().slice(0, 10)}, machine: ${machine}.`,
    "",
    ...sections,
  ].join("\n");
  writeFileSync(join(ROOT, "BENCHMARKS.md"), document);
  console.log("wrote BENCHMARKS.md");
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
