import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createIsolatedMapper, evaluateMapping, loadMappings, prepareCalls, type IsolatedMapper } from "@trackmap/core";
import { mapOrderPlacedByHand } from "../handwritten/orderPlaced";
import { MAPPINGS, orderWithLines, projectFields } from "../fixtures";
import { format, longestBlock, percentile, table, time, type Timing } from "../measure";
// The tests' runaway mapping (a backtracking regex) and the email that sends it into seconds of backtracking.
import { CHECKED_MAPPING, SLOW_EMAIL } from "../../../core/src/testHelpers/runawayMapping";

export interface IsolationRow {
  lines: number;
  inThread: Timing;
  isolated: Timing;
  handwritten: Timing;
  /** Longest event-loop block while one event is mapped, µs: on this thread, and with the worker hop. */
  blockInThread: number;
  blockIsolated: number;
  /** CPU time of this process per event, µs (robust to a busy machine, unlike blocks): the worker's own is not in it. */
  cpuInThread: number;
  cpuIsolated: number;
}

/**
 * The default order.placed mapping mapped on the main thread and through the isolated mapper
 * (records handed over as the plugin's loader gives them, evaluation in a worker process, calls
 * back): cost per event with the hop, and how long the main thread is blocked per event. Then a
 * runaway regular expression beside trivial events: how long they wait, and when the runaway is
 * reported.
 */
export async function benchIsolation(): Promise<{ rows: IsolationRow[]; markdown: string; runaway: string; startup: Timing }> {
  const { mappings } = await loadMappings(MAPPINGS);
  const mapping = mappings.forEvent("order.placed")!;
  const startup = await time(async () => (await createIsolatedMapper({ mappings: MAPPINGS })).close(), 1, 3);
  const mapper = await createIsolatedMapper({ mappings: MAPPINGS });
  const rows: IsolationRow[] = [];
  try {
    for (const lines of [3, 20, 200]) {
      const { event, order: full } = orderWithLines(lines);
      const order = projectFields(full, mapping.load[0]!.fields) as Record<string, unknown>;
      const sourceEvent = { name: "order.placed", data: event.data };
      const inThread = async () => prepareCalls(await evaluateMapping(mapping, sourceEvent, { records: { order } })).calls;
      const isolated = async () => {
        const { calls, errors } = await mapper.mapEvent(mapping, sourceEvent, { records: { order } });
        if (errors.length) throw new Error(`${lines} lines, isolated: ${errors[0]!.message}`);
        return calls;
      };
      if (JSON.stringify(await inThread()) !== JSON.stringify(await isolated())) throw new Error(`${lines} lines: isolated calls differ`);
      const perRun = lines >= 200 ? 10 : lines >= 20 ? 50 : 200;
      rows.push({
        lines,
        inThread: await time(inThread, perRun),
        isolated: await time(isolated, perRun),
        handwritten: await time(() => mapOrderPlacedByHand(sourceEvent, order), perRun * 10),
        blockInThread: await longestOf(inThread),
        blockIsolated: await longestOf(isolated),
        cpuInThread: await cpuPerEvent(inThread, perRun),
        cpuIsolated: await cpuPerEvent(isolated, perRun),
      });
    }
  } finally {
    await mapper.close();
  }
  const markdown = table(
    [
      "order lines",
      "in-thread (per event)",
      "isolated, with the worker hop",
      "hand-written TS",
      "isolated / hand-written",
      "isolated / in-thread",
      "longest main-thread block, in-thread",
      "longest main-thread block, isolated",
      "main-process CPU per event, in-thread",
      "main-process CPU per event, isolated",
    ],
    rows.map((r) => [
      String(r.lines),
      format.timing(r.inThread),
      format.timing(r.isolated),
      format.timing(r.handwritten),
      format.ratio(r.isolated.median, r.handwritten.median),
      format.ratio(r.isolated.median, r.inThread.median),
      format.us(r.blockInThread),
      format.us(r.blockIsolated),
      format.us(r.cpuInThread),
      format.us(r.cpuIsolated),
    ]),
  );
  return { rows, markdown, runaway: await benchRunaway(), startup };
}

/** CPU time this process spends per event (user + system), µs. */
async function cpuPerEvent(operation: () => Promise<unknown>, count: number): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) await operation();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

/** The longest block over a few events (the first ones after warm-up vary most). */
async function longestOf(operation: () => Promise<unknown>): Promise<number> {
  const blocks: number[] = [];
  for (let i = 0; i < 10; i++) blocks.push(await longestBlock(operation));
  return Math.max(...blocks);
}

const RUNAWAY_MAPPINGS = {
  "regex.yaml": CHECKED_MAPPING,
  "ping.yaml": `
on: ping
calls:
  - track:
      event: Pinged
      userId: = event.data.id
`,
};

/**
 * A backtracking regular expression fed a long email runs in one worker while trivial events are
 * mapped one after another beside it: their latency, and when the runaway is reported.
 */
async function benchRunaway(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "trackmap-bench-runaway-"));
  let mapper: IsolatedMapper | undefined;
  try {
    for (const [name, text] of Object.entries(RUNAWAY_MAPPINGS)) await writeFile(join(dir, name), text);
    mapper = await createIsolatedMapper({ mappings: dir });
    const m = mapper;
    const map = (name: string, data: unknown) => m.mapEvent(m.mappings.forEvent(name)!, { name, data });
    const started = performance.now();
    const runaway = map("customer.checked", { id: "cus_1", email: SLOW_EMAIL }).then((result) => ({
      code: result.errors[0]?.code ?? "none",
      ms: performance.now() - started,
    }));
    let done = false;
    void runaway.then(() => (done = true));
    const latencies: number[] = [];
    await new Promise((resolve) => setTimeout(resolve, 20));
    while (!done) {
      const t = performance.now();
      const { errors } = await map("ping", { id: "cus_2" });
      if (errors.length) throw new Error(errors[0]!.message);
      latencies.push(performance.now() - t);
    }
    const { code, ms } = await runaway;
    latencies.sort((a, b) => a - b);
    return table(
      ["runaway reported", "after", "budget", "trivial events mapped meanwhile", "their p50", "p99", "max"],
      [
        [
          code,
          format.us(ms * 1000),
          format.us(mapper.budget.budgetMs * 1000),
          String(latencies.length),
          format.us(percentile(latencies, 50) * 1000),
          format.us(percentile(latencies, 99) * 1000),
          format.us(latencies[latencies.length - 1]! * 1000),
        ],
      ],
    );
  } finally {
    await mapper?.close();
    await rm(dir, { recursive: true, force: true });
  }
}
