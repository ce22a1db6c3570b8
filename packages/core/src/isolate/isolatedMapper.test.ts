import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeTree } from "../testHelpers/writeTree";
import { BACKTRACKING_REGEX, CHECKED_MAPPING, SLOW_EMAIL } from "../testHelpers/runawayMapping";
import { createIsolatedMapper, type IsolatedMapper } from "./index";

/**
 * The same, about 160 ms on a quiet machine (each more character doubles it): below the per-expression
 * limit even under load, but far past the budget 30 times in a row. At 22 characters V8, once warm, took
 * 20 ms, and 30 of them fit in the budget on a quiet machine.
 */
const SLOWISH_EMAIL = `${"a".repeat(25)}@shop.com!`;

const MAPPINGS = {
  "ping.yaml": `
on: ping
calls:
  - track:
      event: Pinged
      userId: = event.data.id
`,
  "regex.yaml": CHECKED_MAPPING,
  "pad.yaml": `
on: memory.pad
calls:
  - track:
      event: Padded
      userId: = event.data.id
      properties:
        length: = $length($pad("", 2e8))
`,
  "split.yaml": `
on: memory.split
calls:
  - track:
      event: Split
      userId: = event.data.id
      properties:
        count: = $count($split($pad("", 1.5e8), ""))
`,
  "each.yaml": `
on: order.slow
calls:
  - track:
      event: Item Checked
      userId: = event.data.id
    each: = [1..30]
    when: = $contains("${SLOWISH_EMAIL}", ${BACKTRACKING_REGEX}) = false
`,
  "many.yaml": `
on: order.many
calls:
  - track:
      event: Item
      userId: = event.data.id
      properties:
        n: = $item
    each: = [1..1001]
`,
  "order.yaml": `
on: order.placed
load:
  order:
    entity: order
    id: = event.data.id
calls:
  - track:
      event: Order Completed
      userId: = order.customer_id
      properties:
        order_id: = order.id
        total: = $sum(order.items.price)
`,
};

const BUDGET_MS = 1000;
/** How late past its budget a runaway event may be reported, once its worker started it. */
const REPORT_SLACK_MS = 100;
/** More, from the call: sending the event to its worker is a few milliseconds, more on a busy machine. */
const DISPATCH_SLACK_MS = 400;

/** How long the event ran in its worker, as the message says. */
function workerMs(message: string): number {
  return Number(/(?:stopped|died) after (\d+) ms/.exec(message)?.[1]);
}

type Runaway = { result: { errors: Array<{ message: string }> }; ms: number; lagMs: number };

/**
 * The runaway was reported within its budget and the slack. On a busy machine this process's
 * timers fire late, the pool's as well as any: a timer started with the event measures by how
 * much (`lagMs`), and that is not the pool's doing.
 */
function expectReportedInTime(runaway: Runaway, budgetMs: number) {
  expect(workerMs(runaway.result.errors[0]!.message)).toBeLessThan(budgetMs + REPORT_SLACK_MS + runaway.lagMs);
  expect(runaway.ms).toBeLessThan(budgetMs + REPORT_SLACK_MS + DISPATCH_SLACK_MS + runaway.lagMs);
}

/** How late a timer of `ms` fires in this process; 0 if it had not fired when asked. */
function timerLag(ms: number): () => number {
  const due = performance.now() + ms;
  let firedAt: number | undefined;
  const timer = setTimeout(() => (firedAt = performance.now()), ms);
  return () => {
    clearTimeout(timer);
    return firedAt === undefined ? 0 : firedAt - due;
  };
}

let folder: string;
let mapper: IsolatedMapper;

beforeAll(async () => {
  folder = await writeTree(MAPPINGS);
  mapper = await createIsolatedMapper({ mappings: folder, budget: { budgetMs: BUDGET_MS, poolSize: 2, heapMb: 128 } });
});
afterAll(() => mapper.close());

function map(name: string, data: Record<string, unknown>, options: Parameters<IsolatedMapper["mapEvent"]>[2] = {}, through = mapper) {
  return through.mapEvent(through.mappings.forEvent(name)!, { name, data }, options);
}

/** Maps a runaway event and, while it runs, a trivial one; gives both results and their times. */
async function runawayBesideTrivial(name: string, data: Record<string, unknown>, through = mapper) {
  const started = performance.now();
  const lag = timerLag(through.budget.budgetMs);
  const runaway = map(name, data, {}, through).then((result) => ({ result, ms: performance.now() - started, lagMs: lag() }));
  // Let the runaway reach its worker before the trivial event is sent.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const trivialStarted = performance.now();
  const trivial = await map("ping", { id: "cus_2" }, {}, through);
  const trivialMs = performance.now() - trivialStarted;
  return { runaway: await runaway, trivial, trivialMs };
}

describe("isolated evaluation: events mapped in worker processes", () => {
  it("gives the same calls as mapping in process, with the records loaded on this side", async () => {
    const loader = async ({ id }: { id: unknown }) => ({ id, customer_id: "cus_1", items: [{ price: 5 }, { price: 7 }] });

    const { calls, errors } = await map("order.placed", { id: "order_1" }, { loader });

    expect(errors).toEqual([]);
    expect(calls.map(({ messageId, ...call }) => call)).toEqual([
      { type: "track", event: "Order Completed", userId: "cus_1", properties: { order_id: "order_1", total: 12 } },
    ]);
    expect(calls[0]!.messageId).toMatch(/^tm-/);
  });

  it("sends an input larger than one message part in parts, and maps it whole", async () => {
    const items = Array.from({ length: 2000 }, (_, i) => ({ price: 1, title: `line ${i} ${"x".repeat(500)}` }));
    const loader = async ({ id }: { id: unknown }) => ({ id, customer_id: "cus_1", items });

    const { calls, errors } = await map("order.placed", { id: "order_big" }, { loader });

    expect(errors).toEqual([]);
    expect(calls.map((call) => ("properties" in call ? call.properties : undefined))).toEqual([{ order_id: "order_big", total: 2000 }]);
  });

  it("maps records JSON cannot hold as they are (an entity pointing back at its order), as mapping in process does", async () => {
    const order: Record<string, unknown> = { id: "order_2", customer_id: "cus_1", created_at: new Date("2026-12-01T10:00:00Z") };
    order.items = [
      { price: 5, order },
      { price: 7n, order },
    ];

    const { calls, errors } = await map("order.placed", { id: "order_2" }, { loader: async () => order });

    expect(errors).toEqual([]);
    expect(calls.map((call) => ("properties" in call ? call.properties : undefined))).toEqual([{ order_id: "order_2", total: 12 }]);
  });

  it("reports a record the loader cannot find without sending the event to a worker", async () => {
    const { calls, errors } = await map("order.placed", { id: "order_404" }, { loader: async () => null });

    expect(calls).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual([
      `order.placed: ${join(folder, "order.yaml")}:4:3: TM_RECORD_NOT_FOUND order "order_404" was not found (at load.order)`,
    ]);
  });
});

describe("isolated evaluation: a runaway event is stopped at its budget, and the others go on", () => {
  it("stops a backtracking regular expression fed a long email with TM_EVAL_TIMEOUT, naming the expression", async () => {
    const { runaway, trivial, trivialMs } = await runawayBesideTrivial("customer.checked", { id: "cus_1", email: SLOW_EMAIL });

    expect(runaway.result.calls).toEqual([]);
    expect(runaway.result.errors.map((e) => e.message)).toEqual([
      `customer.checked: ${join(folder, "regex.yaml")}:3:5: TM_EVAL_TIMEOUT the event ran past its budget of 1000 ms (budgetMs): ` +
        `its worker was stopped after ${workerMs(runaway.result.errors[0]!.message)} ms in this expression (at calls[0].track)`,
    ]);
    expectReportedInTime(runaway, BUDGET_MS);
    expect(trivial.calls.map((call) => ("event" in call ? call.event : call.type))).toEqual(["Pinged"]);
    expect(trivialMs).toBeLessThan(runaway.ms);
  });

  it("stops an `each` whose every `when` is slow, though each stays under the per-expression limit", async () => {
    const { runaway, trivial } = await runawayBesideTrivial("order.slow", { id: "cus_1" });

    expect(runaway.result.errors.map((e) => [e.code, e.details.file, e.details.line, e.details.path])).toEqual([
      ["TM_EVAL_TIMEOUT", join(folder, "each.yaml"), 4, "calls[0].when"],
    ]);
    expectReportedInTime(runaway, BUDGET_MS);
    expect(trivial.errors).toEqual([]);
  });

  it("maps the next events on the workers that replace the stopped ones", async () => {
    const results = await Promise.all(["cus_3", "cus_4", "cus_5"].map((id) => map("ping", { id })));

    expect(results.map((r) => [r.errors, r.calls[0]!.userId])).toEqual([
      [[], "cus_3"],
      [[], "cus_4"],
      [[], "cus_5"],
    ]);
  });
});

describe("isolated evaluation: an event that would crash the process only loses its worker", () => {
  // Filling the heap takes a worker a few hundred milliseconds, more on a busy machine: a long
  // budget keeps the heap limit the one that stops these events (else the budget would, first).
  let roomy: IsolatedMapper;
  beforeAll(async () => {
    roomy = await createIsolatedMapper({ mappings: folder, budget: { budgetMs: 10_000, poolSize: 2, heapMb: 128 } });
  });
  afterAll(() => roomy.close());

  it.each([
    ["memory.pad", "pad.yaml"],
    ["memory.split", "split.yaml"],
  ])("reports %s as TM_EVAL_MEMORY at its call, and the process lives on", async (name, file) => {
    const { runaway, trivial } = await runawayBesideTrivial(name, { id: "cus_1" }, roomy);

    expect(runaway.result.errors).toHaveLength(1);
    const error = runaway.result.errors[0]!;
    expect([error.code, error.details.file, error.details.line, error.details.path]).toEqual([
      "TM_EVAL_MEMORY",
      join(folder, file),
      4,
      "calls[0].track",
    ]);
    expect(error.message).toMatch(
      /the evaluation worker died after \d+ ms in this expression: out of memory \(heapMb: 128\) or a string or list larger than JavaScript allows/,
    );
    expectReportedInTime(runaway, roomy.budget.budgetMs);
    expect(trivial.calls.map((call) => call.userId)).toEqual(["cus_2"]);
  });
});

describe("isolated evaluation: closing", () => {
  it("fails an event still in a worker with TM_EVAL_ERROR at close, and the events mapped after it", async () => {
    const closing = await createIsolatedMapper({ mappings: folder, budget: { poolSize: 1, budgetMs: 30_000 } });
    const mapping = closing.mappings.forEvent("customer.checked")!;

    const inFlight = closing.mapEvent(mapping, { name: "customer.checked", data: { id: "cus_1", email: SLOW_EMAIL } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await closing.close();
    const after = await closing.mapEvent(mapping, { name: "customer.checked", data: { id: "cus_2", email: "ada@shop.com" } });

    const reason = "the evaluation worker failed: the evaluation workers were stopped (the mapper is closed)";
    expect((await inFlight).errors.map((e) => [e.code, e.details.reason])).toEqual([["TM_EVAL_ERROR", reason]]);
    expect(after.errors.map((e) => [e.code, e.details.reason])).toEqual([["TM_EVAL_ERROR", reason]]);
  });
});

describe("isolated evaluation: with the linear regex engine", () => {
  it("maps the long email that backtracked, in the workers too", async () => {
    const linear = await createIsolatedMapper({ mappings: folder, limits: { regexEngine: "linear" }, budget: { poolSize: 1 } });
    try {
      const mapping = linear.mappings.forEvent("customer.checked")!;
      const { calls, errors } = await linear.mapEvent(mapping, { name: "customer.checked", data: { id: "cus_1", email: SLOW_EMAIL } });

      expect(errors).toEqual([]);
      expect(calls.map((call) => ("properties" in call ? call.properties : undefined))).toEqual([{ shop_email: false }]);
    } finally {
      await linear.close();
    }
  });
});

describe("isolated evaluation: caps per event", () => {
  it("sends none of the calls of an event that gives more than maxCalls, with TM_TOO_MANY_CALLS", async () => {
    const { calls, errors } = await map("order.many", { id: "cus_1" });

    expect(calls).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual([
      `order.many: ${join(folder, "many.yaml")}: TM_TOO_MANY_CALLS the mapping gave 1001 calls for one event, more than the 1000 allowed (maxCalls); none is sent`,
    ]);
  });

  it("does not map an event whose input is larger than maxInputBytes, with TM_INPUT_TOO_LARGE", async () => {
    const small = await createIsolatedMapper({ mappings: folder, budget: { poolSize: 1, maxInputBytes: 1024 } });
    try {
      const mapping = small.mappings.forEvent("ping")!;
      const { calls, errors } = await small.mapEvent(mapping, { name: "ping", data: { id: "cus_1", note: "x".repeat(2000) } });

      expect(calls).toEqual([]);
      expect(errors.map((e) => e.message)).toEqual([
        `ping: ${join(folder, "ping.yaml")}: TM_INPUT_TOO_LARGE the event's input (data and loaded records) is 2.0 KiB as JSON, more than the 1.0 KiB allowed (maxInputBytes)`,
      ]);
    } finally {
      await small.close();
    }
  });
});

describe("isolated evaluation: workers map with the mappings the process loaded", () => {
  it("has a worker started after the files changed on disk map nothing, with TM_MAPPINGS_CHANGED", async () => {
    const changing = await writeTree(MAPPINGS);
    const single = await createIsolatedMapper({ mappings: changing, budget: { poolSize: 1, budgetMs: 300 } });
    try {
      await writeFile(join(changing, "ping.yaml"), MAPPINGS["ping.yaml"].replace("Pinged", "Pinged Again"));
      const before = await single.mapEvent(single.mappings.forEvent("ping")!, { name: "ping", data: { id: "cus_1" } });
      // A runaway event makes the pool replace its only worker, which reads the changed files.
      await single.mapEvent(single.mappings.forEvent("order.slow")!, { name: "order.slow", data: { id: "cus_1" } });
      const after = await single.mapEvent(single.mappings.forEvent("ping")!, { name: "ping", data: { id: "cus_1" } });

      expect(before.calls.map((call) => ("event" in call ? call.event : call.type))).toEqual(["Pinged"]);
      expect(after.calls).toEqual([]);
      expect(after.errors.map((e) => e.code)).toEqual(["TM_MAPPINGS_CHANGED"]);
      expect(after.errors[0]!.message).toContain("the mapping files changed on disk since this process loaded them");
    } finally {
      await single.close();
    }
  });
});
