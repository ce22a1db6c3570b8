import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALIAS_BOMB, makeFifo } from "../../testHelpers/hostileFiles";
import { writeTree } from "../../testHelpers/writeTree";
import { runTrackmap as trackmap } from "../../testHelpers/runTrackmap";

/** The project's own default mappings, used read-only. */
// A frozen copy of an early default mapping set, so these tests do not move with mappings/.
const EXAMPLE_MAPPINGS = join(__dirname, "../../__fixtures__/mappings");

const MAPPING = `on: order.placed
calls:
  - track:
      event: Order Completed
      userId: = event.data.customer_id
      messageId: = "m-" & event.data.id
      properties:
        order_id: = event.data.id
        products: = event.data.items
  - identify:
      userId: = event.data.customer_id
      anonymousId: anon-1
      messageId: = "i-" & event.data.id
      traits: { email: = event.data.email }
`;
const DATA = "{ id: o1, customer_id: c1, email: a@b.c, items: [{ sku: A, price: 1 }, { sku: B, price: 3 }] }";
const TESTS = `cases:
  - name: passes
    data: ${DATA}
    input: {}
    expect:
      - track: { event: Order Completed, properties: { order_id: o1 } }
      - identify: { userId: c1 }
  - name: a wrong price and an unexpected anonymousId
    data: ${DATA}
    input: {}
    expect:
      - track:
          event: Order Completed
          properties:
            products: [{ sku: A, price: 1 }, { sku: B, price: 2 }]
      - identify: { userId: c1, traits: { email: a@b.c } }
        match: equals
`;

describe("trackmap test", () => {
  it("passes the project's tests and exits 0", async () => {
    const { code, stdout, stderr } = await trackmap("test", EXAMPLE_MAPPINGS);

    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toBe(` PASS  ${join(EXAMPLE_MAPPINGS, "order-placed.test.yaml")} (2 case(s))\n\n2 passed, 0 failed\n`);
  });

  it("prints PASS/FAIL per file, then each failure at file:line › name with the path, a diff and the actual calls; exits 1", async () => {
    const dir = await writeTree({
      "order-placed.yaml": MAPPING,
      "order-placed.test.yaml": TESTS,
      "other.yaml": "on: order.canceled\ncalls: [{ identify: { userId: u } }]\n",
      "other.test.yaml": "cases: [{ name: fine, input: {}, expect: [{ identify: { userId: u } }] }]\n",
    });
    const tests = join(dir, "order-placed.test.yaml");

    const { code, stdout, stderr } = await trackmap("test", dir);

    expect({ code, stderr }).toEqual({ code: 1, stderr: "" });
    expect(stdout).toBe(
      [
        ` FAIL  ${tests} (1 of 2 case(s) failed)`,
        ` PASS  ${join(dir, "other.test.yaml")} (1 case(s))`,
        "",
        "Failures:",
        "",
        `● ${tests}:8 › a wrong price and an unexpected anonymousId`,
        `  call 0 (track "Order Completed"): properties.products[1].price: expected 2, received 3 (${tests}:12)`,
        "    - Expected",
        "    + Received",
        "",
        "      properties.products[1].price:",
        "    -   2",
        "    +   3",
        `  call 1 (identify): anonymousId: not expected (received "anon-1") (${tests}:16)`,
        "    - Expected",
        "    + Received",
        "",
        "      anonymousId:",
        "        (not expected)",
        "    +   anon-1",
        "  Actual calls (--full prints them whole):",
        '    track "Order Completed"  userId=c1  messageId=m-o1',
        "    identify  userId=c1  anonymousId=anon-1  messageId=i-o1",
        "",
        "2 passed, 1 failed",
        "",
      ].join("\n"),
    );
  });

  it("runs a single test file", async () => {
    const dir = await writeTree({ "order-placed.yaml": MAPPING, "order-placed.test.yaml": TESTS, "other.test.yaml": "cases: [" });

    const { code, stdout } = await trackmap("test", join(dir, "order-placed.test.yaml"));

    expect(code).toBe(1);
    expect(stdout.split("\n")[0]).toBe(` FAIL  ${join(dir, "order-placed.test.yaml")} (1 of 2 case(s) failed)`);
    expect(stdout).not.toContain("other.test.yaml");
  });

  it("gives the report as JSON with --json, mapping errors with their message", async () => {
    const dir = await writeTree({
      "m.yaml": "on: order.placed\ncalls:\n  - track: { event: A, userId: u, properties: { n: = $number(event.data.n) } }\n",
      "m.test.yaml": "cases:\n  - name: a cast that fails\n    data: { n: lots }\n    input: {}\n    expect: []\n",
    });

    const { code, stdout } = await trackmap("test", dir, "--json");
    const report = JSON.parse(stdout);
    const [failure] = report.files[0].cases;
    const message = `order.placed: ${join(dir, "m.yaml")}:3:${failure.errors[0].details.column}: TM_EVAL_ERROR D3030 Unable to cast value to a number: (text of 4 characters) (at calls[0].track.properties.n)`;

    expect(code).toBe(1);
    expect({ ok: report.ok, passed: report.passed, failed: report.failed, diagnostics: report.diagnostics }).toEqual({
      ok: false,
      passed: 0,
      failed: 1,
      diagnostics: [],
    });
    expect(failure).toEqual({
      name: "a cast that fails",
      line: 2,
      passed: false,
      mismatches: [{ message: `mapping error: ${message}` }],
      calls: [],
      errors: [
        {
          code: "TM_EVAL_ERROR",
          message,
          details: expect.objectContaining({ code: "TM_EVAL_ERROR", jsonataCode: "D3030", line: 3, path: "calls[0].track.properties.n" }),
        },
      ],
    });
  });

  it("fails when no test file is found", async () => {
    const dir = await writeTree({ "m.yaml": "on: order.placed\ncalls: []\n" });

    const { code, stdout } = await trackmap("test", dir);

    expect(code).toBe(1);
    expect(stdout).toBe(
      [
        "Problems:",
        "",
        `${dir}: error TM_NO_TESTS no test files (*.test.yaml) found`,
        "",
        `${dir}/m.yaml: warning TM_MAPPING_UNTESTED this mapping has no test file`,
        "hint: add x.test.yaml beside it: `trackmap init` writes an example",
        "",
        "0 passed, 0 failed",
        "",
      ].join("\n"),
    );
  });

  it("uses --mappings for the libraries of tests kept elsewhere", async () => {
    const dir = await writeTree({
      "defaults/order-placed.yaml": "on: order.placed\nuse: [ids]\ncalls: [{ identify: { userId: = $id(event.data) } }]\n",
      "defaults/lib/ids.yaml": "library: ids\nfunctions:\n  id: 'function($d) { \"user-\" & $d.id }'\n",
      "tests/placed.test.yaml": `mapping: ../defaults/order-placed.yaml
cases: [{ name: n, data: { id: 7 }, input: {}, expect: [{ identify: { userId: user-7 } }] }]
`,
    });

    const alone = await trackmap("test", join(dir, "tests"));
    const layered = await trackmap("test", join(dir, "tests"), "--mappings", join(dir, "defaults"));

    expect(alone.code).toBe(1);
    expect(alone.stdout).toContain(`TM_TEST_MAPPING_NOT_FOUND the mapping under test, ${join(dir, "defaults/order-placed.yaml")}, was not loaded`);
    expect(layered).toEqual({
      code: 0,
      stdout: ` PASS  ${join(dir, "tests/placed.test.yaml")} (1 case(s))\n\n1 passed, 0 failed\n`,
      stderr: "",
    });
  });
  it("reports hostile test files (alias bomb, deep assert, FIFO) with every other file's result, and exits 1", async () => {
    const parens = `${"(".repeat(3000)}1${")".repeat(3000)}`;
    const dir = await writeTree({
      "m.yaml": "on: order.placed\ncalls: [{ identify: { userId: u, messageId: m1 } }]\n",
      "m.test.yaml": "cases: [{ name: fine, input: {}, expect: [{ identify: { userId: u } }] }]\n",
      "a-bomb.test.yaml": `mapping: m.yaml\ncases: []\n${ALIAS_BOMB}`,
      "b-deep.test.yaml": `mapping: m.yaml\ncases: [{ name: deep, input: {}, expect: [{ identify: {}, assert: "= ${parens}" }] }]\n`,
      "d-wrong.test.yaml": "mapping: m.yaml\ncases: [{ name: wrong, input: {}, expect: [{ identify: { userId: v } }] }]\n",
    });
    makeFifo(dir, "c-fifo.test.yaml");

    const { code, stdout, stderr } = await trackmap("test", dir);

    expect({ code, stderr }).toEqual({ code: 1, stderr: "" });
    expect(stdout).toBe(
      [
        ` FAIL  ${dir}/a-bomb.test.yaml (not run: see Problems)`,
        ` FAIL  ${dir}/b-deep.test.yaml (1 case(s), see Problems)`,
        ` FAIL  ${dir}/d-wrong.test.yaml (1 of 1 case(s) failed)`,
        ` PASS  ${dir}/m.test.yaml (1 case(s))`,
        "",
        "Problems:",
        "",
        `${dir}/a-bomb.test.yaml:9:5: error TM_YAML_TOO_MANY_ALIASES too many aliases: *f and the aliases it holds expand past the limit of 1000 (a guard against "billion laughs" files)`,
        "9 | g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]",
        "        ^",
        "hint: write the repeated values out, or alias values that hold no aliases themselves",
        "",
        `${dir}/b-deep.test.yaml:2:270: error TM_EXPRESSION_TOO_DEEP the expression nests more than 200 levels deep, the most trackmap accepts`,
        `2 | cases: [{ name: deep, input: {}, expect: [{ identify: {}, assert: "= ${parens}" }] }]`,
        `${" ".repeat(273)}^`,
        "hint: split it into smaller expressions, e.g. with variables ($x := ...) or functions",
        "",
        `${dir}/c-fifo.test.yaml: warning TM_FILE_SKIPPED skipped: it is a FIFO (named pipe), not a regular file`,
        "hint: only regular files (or symlinks to them) are read",
        "",
        "Failures:",
        "",
        `● ${dir}/d-wrong.test.yaml:2 › wrong`,
        `  call 0 (identify): userId: expected "v", received "u" (${dir}/d-wrong.test.yaml:2)`,
        "    - Expected",
        "    + Received",
        "",
        "      userId:",
        "    -   v",
        "    +   u",
        "  Actual calls:",
        "    identify  userId=u  messageId=m1",
        "",
        "2 passed, 1 failed",
        "",
      ].join("\n"),
    );
  });
});
