import { afterEach, describe, expect, it } from "vitest";
import { createMemoryDestination, createMemoryOutboxStore, createOutboxDestination, type OutboxDestination } from "../../deliver";
import {
  BackfillJobs,
  type BackfillMapper,
  type BackfillRecord,
  createMemoryBackfillJobStore,
  createMemoryBackfillSource,
  estimateBackfill,
  runBackfill,
} from "../backfill";
import { type BackfillCommandHost, backfillUsage, readBackfillRequest, runBackfillCommand } from "./backfillCommand";

// The command over the real engine: memory jobs, a memory source, the memory outbox; each order maps to one call.

const history: BackfillRecord[] = Array.from({ length: 12 }, (_, i) => {
  const createdAt = new Date(Date.UTC(2026, 0, 1 + i));
  return { id: `order_${String(i).padStart(2, "0")}`, createdAt, events: [{ name: "order.placed", data: { id: `order_${i}` }, at: createdAt }] };
});
const map: BackfillMapper = async (event) => {
  const id = (event.data as { id: string }).id;
  return {
    calls: [{ type: "track", event: "Order Completed", userId: "u", messageId: `tm-${id}`, properties: { order_id: id } }],
    errors: [],
    rejected: [],
  };
};
const USAGE = backfillUsage("  npx trackmap-v1 backfill [command] [options]");

const open: OutboxDestination[] = [];
afterEach(() => Promise.all(open.splice(0).map((d) => d.close({ timeoutMs: 1000 }))));

function storeHost() {
  const outbox = createMemoryOutboxStore();
  const sent = createMemoryDestination();
  const destination = createOutboxDestination({ store: outbox, sender: sent, pollIntervalMs: 10 });
  open.push(destination);
  const source = createMemoryBackfillSource(history);
  const store = createMemoryBackfillJobStore();
  const host: BackfillCommandHost = {
    jobs: (onProgress) =>
      new BackfillJobs({
        store,
        onProgress,
        run: (options) => runBackfill({ ...options, source, map, outbox: { store: outbox, destination }, pageSize: 5, pollMs: 5 }),
      }),
    estimate: (request) => estimateBackfill({ source, map, rate: request.rate, sample: 4, show: 2 }),
  };
  return { host, sent };
}

/** Runs the command, keeping what it printed. */
async function run(args: string[], host: BackfillCommandHost) {
  const lines: string[] = [];
  let bar = "";
  await runBackfillCommand(args, host, USAGE, { line: (text) => lines.push(text), write: (text) => (bar += text) });
  return { lines, bar };
}

describe("the backfill command", () => {
  it("starts a backfill, draws its progress in place, and reports the job once it ends", async () => {
    const { host, sent } = storeHost();
    const { lines, bar } = await run(["start", "--rate", "0"], host);
    expect(lines[0]).toMatch(/^backfill tmbf_\w+ started$/);
    expect(bar).toContain("\r[##############################] 12/12 100%");
    expect(lines.at(-1)).toMatch(/^\ntmbf_\w+: completed; 12\/12 records, 12 calls, 0 errors$/);
    expect(sent.calls).toHaveLength(12);

    expect((await run(["status"], host)).lines).toEqual(["No active backfill."]);
    expect((await run(["resume"], host)).lines).toEqual(["No backfill to resume."]);
  });

  it("with --dry-run, prints the estimate and the first calls, and sends nothing", async () => {
    const { host, sent } = storeHost();
    const { lines } = await run(["--dry-run", "--rate", "2"], host);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^12 records, about 12 calls \(from 4 mapped\), about 6s at 2 calls\/s\.\nFirst calls:\n {2}\{"type":"track"/);
    expect(sent.calls).toHaveLength(0);
  });

  it("with --json, prints one JSON line per progress and one for the job", async () => {
    const { host } = storeHost();
    const { lines, bar } = await run(["--json", "--rate=0"], host);
    expect(bar).toBe("");
    const parsed = lines.map((line) => JSON.parse(line));
    expect(parsed.at(-1).backfill).toMatchObject({ status: "completed", checkpoint: { done: 12, calls: 12 } });
    expect(parsed.slice(0, -1).every((line) => "progress" in line)).toBe(true);
  });

  it("refuses an unknown command, a bad rate or date, and prints the usage with --help", async () => {
    const { host } = storeHost();
    await expect(run(["rewind"], host)).rejects.toThrow(/^Unknown command "rewind"\.\n\nSend the store's history/);
    await expect(run(["--rate", "fast"], host)).rejects.toThrow('--rate must be a number of calls per second, 0 for no limit (got "fast")');
    await expect(run(["--from", "May 5th"], host)).rejects.toThrow('--from must be a date (ISO 8601), got "May 5th"');
    expect((await run(["--help"], host)).lines).toEqual([USAGE]);
  });
});

describe("readBackfillRequest", () => {
  it("keeps what was given, dates as ISO 8601 and events as a list", () => {
    expect(readBackfillRequest({ from: "2026-01-01", events: "order.placed, order.canceled,", rate: "25", integrations: '{"All":false}' })).toEqual({
      from: "2026-01-01T00:00:00.000Z",
      events: ["order.placed", "order.canceled"],
      rate: 25,
      integrations: { All: false },
    });
    expect(readBackfillRequest({})).toEqual({});
    expect(() => readBackfillRequest({ integrations: "{All:false}" })).toThrow("--integrations must be a JSON object");
  });
});
