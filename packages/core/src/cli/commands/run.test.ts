import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeFifo, makeTooLargeInput } from "../../testHelpers/hostileFiles";
import { writeTree } from "../../testHelpers/writeTree";
import { runTrackmap as trackmap } from "../../testHelpers/runTrackmap";
import { CHECKED_MAPPING, SLOW_EMAIL } from "../../testHelpers/runawayMapping";

/** The project's own default mappings and fixtures, used read-only. */
// A frozen copy of an early default mapping set, so these tests do not move with mappings/.
const EXAMPLE_MAPPINGS = join(__dirname, "../../__fixtures__/mappings");
const REGISTERED = join(EXAMPLE_MAPPINGS, "fixtures/order-placed.registered.json");
const GUEST = join(EXAMPLE_MAPPINGS, "fixtures/order-placed.guest.json");

const MAPPING = `on: order.placed
load:
  order: { entity: order, id: = event.data.id }
calls:
  - track:
      event: Order Completed
      userId: = order.customer_id
      properties:
        order_id: = event.data.id
        total: = $number(order.total)
        email: = order.email
        note: = order.note
`;
const INPUT = { event: { data: { id: "order_1" } }, order: { customer_id: "cus_1", total: "12.5", email: "ada@example.com", note: "ring twice" } };

describe("trackmap run", () => {
  it("names the record the input lacks, instead of running the mapping on nothing", async () => {
    const dir = await writeTree({ "m/order-placed.yaml": MAPPING, "input.json": JSON.stringify({ cart: {} }) });

    const { code, stdout, stderr } = await trackmap("run", "order.placed", "--input", join(dir, "input.json"), "--mappings", join(dir, "m"));

    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toBe(
      `trackmap: --input ${join(dir, "input.json")} has no "order" (entity order): ${join(dir, "m/order-placed.yaml")} loads it, and run loads nothing; put the record in the input by name, e.g. { "order": { ... } }\n`,
    );
  });

  it("prints only a JSON array of the calls with --json", async () => {
    const { code, stdout, stderr } = await trackmap("run", "order.placed", "--input", REGISTERED, "--mappings", EXAMPLE_MAPPINGS, "--json");
    const calls = JSON.parse(stdout);

    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toBe(`${JSON.stringify(calls, null, 2)}\n`);
    expect(calls).toEqual([
      expect.objectContaining({
        type: "track",
        event: "Order Completed",
        userId: "cus_01JDT4Y2H6P9Q3W8E5R7T1U4IO",
        anonymousId: "4b1e6a0c-8f7d-4c2a-9e31-5d6f0b2a7c84",
        timestamp: "2026-11-20T09:41:12.415Z",
        messageId: expect.stringMatching(/^tm-[0-9a-f]{32}$/),
        properties: expect.objectContaining({ order_id: "order_01JDT4Z7K3QW3Y0N4D2M6B8K9H", total: 123.02, currency: "EUR" }),
      }),
      {
        type: "identify",
        userId: "cus_01JDT4Y2H6P9Q3W8E5R7T1U4IO",
        anonymousId: "4b1e6a0c-8f7d-4c2a-9e31-5d6f0b2a7c84",
        timestamp: "2026-11-20T09:41:12.415Z",
        messageId: expect.stringMatching(/^tm-[0-9a-f]{32}$/),
        traits: { email: "ada.lovelace@example.com", firstName: "Ada", lastName: "Lovelace", phone: "+44 20 7946 0000" },
      },
    ]);
  });

  it("prints the calls readably without --json", async () => {
    const { code, stdout, stderr } = await trackmap("run", "order.placed", "--input", GUEST, "--mappings", EXAMPLE_MAPPINGS);

    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(
      /^track "Order Completed" {2}anonymousId=9c0d7b2e-1f3a-4e5b-8c6d-7a8b9c0d1e2f {2}messageId=tm-[0-9a-f]{32} {2}timestamp=2026-11-20T09:41:12.415Z\n {2}properties: \{\n {4}"checkout_id": /,
    );
    expect(stdout).not.toContain("identify");
  });

  it("takes the event's data from --data instead of the input", async () => {
    const dir = await writeTree({ "m/order-placed.yaml": MAPPING, "input.json": JSON.stringify(INPUT) });
    const run = (...extra: string[]) => trackmap("run", "order.placed", "-i", join(dir, "input.json"), "-m", join(dir, "m"), "--json", ...extra);

    const fromInput = JSON.parse((await run()).stdout);
    const fromData = JSON.parse((await run("--data", '{"id":"order_2"}')).stdout);

    expect(fromInput[0].properties.order_id).toBe("order_1");
    expect(fromData[0].properties.order_id).toBe("order_2");
  });

  it("removes the keys given with --redact (repeatable)", async () => {
    const dir = await writeTree({ "m/order-placed.yaml": MAPPING, "input.json": JSON.stringify(INPUT) });

    const { code, stdout } = await trackmap(
      "run",
      "order.placed",
      "-i",
      join(dir, "input.json"),
      "-m",
      join(dir, "m"),
      "--json",
      "--redact",
      "email",
      "--redact",
      "note",
    );

    expect(code).toBe(0);
    expect(JSON.parse(stdout)[0].properties).toEqual({ order_id: "order_1", total: 12.5 });
  });

  it("layers repeated --mappings folders, the later one winning", async () => {
    const dir = await writeTree({
      "defaults/order-placed.yaml": MAPPING,
      "store/order-placed.yaml": "on: order.placed\ncalls: [{ track: { event: Store Order, userId: = event.data.id } }]\n",
      "input.json": JSON.stringify(INPUT),
    });
    const run = (...roots: string[]) =>
      trackmap("run", "order.placed", "-i", join(dir, "input.json"), ...roots.flatMap((root) => ["-m", join(dir, root)]), "--json");

    const [defaults, layered] = await Promise.all([run("defaults"), run("defaults", "store")]);

    expect(JSON.parse(defaults.stdout)[0].event).toBe("Order Completed");
    expect(JSON.parse(layered.stdout)[0].event).toBe("Store Order");
  });

  it("reads a YAML input", async () => {
    const dir = await writeTree({
      "m/order-placed.yaml": MAPPING,
      "input.yaml": "event: { data: { id: order_3 } }\norder: { customer_id: cus_3, total: 1 }\n",
    });

    const { code, stdout } = await trackmap("run", "order.placed", "-i", join(dir, "input.yaml"), "-m", join(dir, "m"), "--json");

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([expect.objectContaining({ type: "track", userId: "cus_3", properties: { order_id: "order_3", total: 1 } })]);
  });

  it("prints mapping errors on stderr and exits 1, keeping the calls that worked on stdout", async () => {
    const dir = await writeTree({
      "m/order-placed.yaml": `${MAPPING}  - identify: { userId: = order.customer_id }\n`,
      "input.json": JSON.stringify({ ...INPUT, order: { ...INPUT.order, total: "lots" } }),
    });

    const { code, stdout, stderr } = await trackmap("run", "order.placed", "-i", join(dir, "input.json"), "-m", join(dir, "m"), "--json");

    expect(code).toBe(1);
    expect(JSON.parse(stdout).map((c: { type: string }) => c.type)).toEqual(["identify"]);
    // Line 10 is the `total:` expression (the column is evaluate/'s business, pinned in its own tests).
    const [where, what] = stderr.split(/:\d+: /);
    expect(where).toBe(`order.placed: ${join(dir, "m/order-placed.yaml")}:10`);
    expect(what).toBe("TM_EVAL_ERROR D3030 Unable to cast value to a number: (text of 4 characters) (at calls[0].track.properties.total)\n");
  });

  it("says so when the input gives no call", async () => {
    const dir = await writeTree({ "m/order-placed.yaml": "on: order.placed\ncalls: []\n", "input.json": "{}" });

    const { code, stdout } = await trackmap("run", "order.placed", "-i", join(dir, "input.json"), "-m", join(dir, "m"));

    expect({ code, stdout }).toEqual({ code: 0, stdout: "(no calls)\n" });
  });
});

describe("trackmap run: usage errors exit 2", () => {
  it("lists the mapped events for an event no mapping handles", async () => {
    const { code, stdout, stderr } = await trackmap("run", "order.shipped", "--input", REGISTERED, "--mappings", EXAMPLE_MAPPINGS);

    expect({ code, stdout, stderr }).toEqual({
      code: 2,
      stdout: "",
      stderr: 'trackmap: no mapping handles "order.shipped"; mapped events: order.placed\n',
    });
  });

  it("explains an input that cannot be read, is not valid JSON or YAML, or is not an object", async () => {
    const dir = await writeTree({ "broken.json": '{ "order": ', "broken.yaml": "order: [1\n", "list.json": "[1]" });
    const run = (file: string) => trackmap("run", "order.placed", "--input", join(dir, file), "--mappings", EXAMPLE_MAPPINGS);

    const results = await Promise.all(["missing.json", "broken.json", "broken.yaml", "list.json"].map(run));

    expect(results.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(results.map((r) => r.stdout)).toEqual(["", "", "", ""]);
    expect(results[0]!.stderr).toBe(`trackmap: cannot read --input ${join(dir, "missing.json")} (ENOENT)\n`);
    expect(results[1]!.stderr).toMatch(new RegExp(`^trackmap: --input ${join(dir, "broken.json")} is not valid JSON: .+\n$`));
    expect(results[2]!.stderr).toMatch(new RegExp(`^trackmap: --input ${join(dir, "broken.yaml")} is not valid YAML: .+`));
    expect(results[3]!.stderr).toBe(
      `trackmap: --input ${join(dir, "list.json")} must hold an object: the records by name (e.g. { "order": {...} })\n`,
    );
  });

  it("refuses an input that is a FIFO or too large at once, without reading it", async () => {
    const dir = await writeTree({});
    await makeTooLargeInput(dir, "large.json");
    const fifo = makeFifo(dir, "input.json");
    const run = (file: string) => trackmap("run", "order.placed", "--input", file, "--mappings", EXAMPLE_MAPPINGS);

    expect(await run(fifo)).toEqual({
      code: 2,
      stdout: "",
      stderr: `trackmap: --input ${fifo} is not read: it is a FIFO (named pipe), not a regular file\n`,
    });
    expect(await run(join(dir, "large.json"))).toEqual({
      code: 2,
      stdout: "",
      stderr: `trackmap: --input ${join(dir, "large.json")} is not read: it is larger than 64 MiB (67108864 bytes), the most trackmap reads\n`,
    });
  });

  it("explains an invalid --data", async () => {
    const { code, stderr } = await trackmap("run", "order.placed", "-i", REGISTERED, "-m", EXAMPLE_MAPPINGS, "--data", "{id: 1}");

    expect(code).toBe(2);
    expect(stderr).toMatch(/^trackmap: --data is not valid JSON: /);
  });

  it("prints the problems of invalid mappings", async () => {
    const dir = await writeTree({ "m/order-placed.yaml": "on: order.placed\ncalls:\n  - track: { event: A, userId: '= (' }\n" });

    const { code, stdout, stderr } = await trackmap("run", "order.placed", "-i", REGISTERED, "-m", join(dir, "m"));

    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toBe(
      [
        `${join(dir, "m/order-placed.yaml")}:3:36: error TM_JSONATA_SYNTAX JSONata S0203: Expected ")" before end of expression`,
        "3 |   - track: { event: A, userId: '= (' }",
        "                                       ^",
        "",
      ].join("\n"),
    );
  });

  it("requires --input", async () => {
    const { code, stderr } = await trackmap("run", "order.placed", "-m", EXAMPLE_MAPPINGS);

    expect(code).toBe(2);
    expect(stderr).toContain("error: required option '-i, --input <file>' not specified");
  });
});

describe("trackmap run: a runaway mapping", () => {
  it("ends with TM_EVAL_TIMEOUT at --budget-ms instead of hanging, and exits 1", async () => {
    const dir = await writeTree({ "checked.yaml": CHECKED_MAPPING, "input.json": "{}" });
    const data = JSON.stringify({ id: "cus_1", email: SLOW_EMAIL });

    const { code, stdout, stderr } = await trackmap(
      "run",
      "customer.checked",
      "-i",
      join(dir, "input.json"),
      "-m",
      dir,
      "-d",
      data,
      "--budget-ms",
      "300",
    );

    expect({ code, stdout }).toEqual({ code: 1, stdout: "(no calls)\n" });
    expect(stderr).toMatch(
      new RegExp(
        `^customer\\.checked: ${join(dir, "checked.yaml")}:3:5: TM_EVAL_TIMEOUT the event ran past its budget of 300 ms \\(budgetMs\\): its worker was stopped after \\d+ ms in this expression \\(at calls\\[0\\]\\.track\\)\\n$`,
      ),
    );
  });

  it("refuses a --budget-ms that is no whole number, with exit 2", async () => {
    const { code, stderr } = await trackmap("run", "order.placed", "-i", REGISTERED, "-m", EXAMPLE_MAPPINGS, "--budget-ms", "soon");

    expect({ code, stderr }).toEqual({ code: 2, stderr: 'trackmap: --budget-ms must be a whole number of at least 1, got "soon"\n' });
  });
});
