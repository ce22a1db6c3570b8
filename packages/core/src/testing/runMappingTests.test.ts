import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CaseResult, runMappingTests } from "./runMappingTests";
import { writeTree } from "../testHelpers/writeTree";
import { CHECKED_MAPPING, SLOW_EMAIL } from "../testHelpers/runawayMapping";

/** The project's own default mappings, used read-only. */
// A frozen copy of an early default mapping set, so these tests do not move with mappings/.
const EXAMPLE_MAPPINGS = join(__dirname, "../__fixtures__/mappings");

const ORDER_PLACED = `on: [order.placed, order.updated]
use: [commerce]
load:
  order: { entity: order, id: = event.data.id }
calls:
  - track:
      event: '= event.name = "order.updated" ? "Order Updated" : "Order Completed"'
      userId: = order.customer_id
      properties:
        order_id: = order.id
        currency: = order.currency_code
        products: = $lines(order.items)
        note: = order.note
        channel: = event.data.channel
  - identify:
      userId: = order.customer_id
      traits: { email: = order.email }
    when: = order.customer_id
`;
const COMMERCE = `library: commerce
functions:
  lines: |
    function($items) { [$map($items, function($i) { { "sku": $i.sku, "quantity": $i.quantity } })] }
`;
const ORDER = {
  id: "order_1",
  customer_id: "cus_1",
  email: "ada@example.com",
  currency_code: "EUR",
  note: "leave at the door",
  items: [
    { sku: "SHIRT", quantity: 2 },
    { sku: "PANTS", quantity: 1 },
  ],
};
const PLAN = JSON.stringify({
  title: "Order Completed",
  type: "object",
  properties: {
    properties: {
      type: "object",
      properties: {
        currency: { type: "string", pattern: "^[A-Z]{3}$" },
        products: { type: "array", items: { type: "object", properties: { quantity: { type: "integer", minimum: 1 } } } },
      },
    },
  },
});

/** A shop folder: the mapping, its library, a fixture and a tracking plan, plus `files`. */
function shop(files: Record<string, string>): Promise<string> {
  return writeTree({
    "order-placed.yaml": ORDER_PLACED,
    "lib/commerce.yaml": COMMERCE,
    "fixtures/order.json": JSON.stringify({ event: { data: { id: "order_1" } }, order: ORDER }),
    "tracking-plan/order-completed.json": PLAN,
    ...files,
  });
}

describe("runMappingTests: the project's mappings", () => {
  it("passes the default order.placed tests", async () => {
    const report = await runMappingTests([EXAMPLE_MAPPINGS]);

    expect(report.diagnostics).toEqual([]);
    expect(report.files.map((f) => ({ file: f.file, mapping: f.mapping, passed: f.passed, cases: f.cases.map((c) => c.name) }))).toEqual([
      {
        file: join(EXAMPLE_MAPPINGS, "order-placed.test.yaml"),
        mapping: join(EXAMPLE_MAPPINGS, "order-placed.yaml"),
        passed: true,
        cases: [
          "a registered customer's order gives Order Completed and an identify",
          "a guest's order is tracked by the storefront's anonymousId, with no identify",
        ],
      },
    ]);
    expect({ ok: report.ok, passed: report.passed, failed: report.failed }).toEqual({ ok: true, passed: 2, failed: 0 });
    // The calls are always reported, for the readable output.
    expect(report.files[0]!.cases[1]!.calls.map((c) => [c.type, c.anonymousId])).toEqual([["track", "9c0d7b2e-1f3a-4e5b-8c6d-7a8b9c0d1e2f"]]);
  });
});

describe("runMappingTests: cases", () => {
  it("runs each case on its input, for the mapping's first event unless the case names one", async () => {
    const dir = await shop({
      "order-placed.test.yaml": `cases:
  - name: from the fixture
    input: fixtures/order.json
    expect:
      - track: { event: Order Completed, properties: { order_id: order_1, products: [{ sku: SHIRT }, { sku: PANTS }] } }
      - identify: { userId: cus_1, traits: { email: ada@example.com } }
        match: equals
  - name: another event, data given by the case
    event: order.updated
    data: { id: order_9, channel: pos }
    input: { event: { data: { channel: web } }, order: { id: order_9, customer_id: cus_9, currency_code: USD, items: [] } }
    expect:
      - track: { event: Order Updated, properties: { order_id: order_9, channel: pos, products: [] } }
      - identify: { userId: cus_9 }
`,
    });

    const report = await runMappingTests([dir]);

    expect(report.diagnostics).toEqual([]);
    expect(report.files[0]!.cases.map((c) => ({ name: c.name, passed: c.passed, mismatches: c.mismatches }))).toEqual([
      { name: "from the fixture", passed: true, mismatches: [] },
      { name: "another event, data given by the case", passed: true, mismatches: [] },
    ]);
    expect(report.ok).toBe(true);
  });

  it("reports every mismatch of a case with the test file's lines, and tracking plan violations with the schema file", async () => {
    const dir = await shop({
      "order-placed.test.yaml": `cases:
  - name: lower-case currency and a wrong quantity
    input:
      order: { id: order_1, customer_id: cus_1, currency_code: eur, items: [{ sku: SHIRT, quantity: 0 }] }
    expect:
      - track:
          properties:
            currency: EUR
            products: [{ sku: SHIRT, quantity: 1 }]
      - identify: { userId: cus_1 }
`,
    });

    const report = await runMappingTests([dir]);
    const [failure] = report.files[0]!.cases;

    expect(report.diagnostics).toEqual([]);
    expect(failure!.line).toBe(2);
    expect(failure!.mismatches.map(({ diff: _, differences: __, ...m }) => m)).toEqual([
      {
        index: 0,
        line: 6,
        path: "properties.currency",
        message: 'call 0 (track "Order Completed"): properties.currency: expected "EUR", received "eur"',
      },
      {
        index: 0,
        message: `call 0: properties.currency must match pattern "^[A-Z]{3}$" (tracking plan ${join(dir, "tracking-plan/order-completed.json")})`,
      },
      {
        index: 0,
        message: `call 0: properties.products[0].quantity must be >= 1 (tracking plan ${join(dir, "tracking-plan/order-completed.json")})`,
      },
    ]);
    expect(failure!.calls.map((c) => c.type)).toEqual(["track", "identify"]);
    expect({ ok: report.ok, passed: report.passed, failed: report.failed }).toEqual({ ok: false, passed: 0, failed: 1 });
  });

  it("checks the mapping errors a case expects, and fails on others or on missing ones", async () => {
    const dir = await shop({
      "order-placed.test.yaml": `cases:
  - name: an order that cannot be loaded sends nothing
    input: {}
    expect: []
    errors: [TM_RECORD_NOT_FOUND]
  - name: an unexpected error
    input: {}
    expect: []
  - name: an expected error that does not happen
    input: fixtures/order.json
    expect: [{ track: {} }, { identify: {} }]
    errors: [TM_EVAL_ERROR]
`,
    });

    const report = await runMappingTests([dir]);
    const file = join(dir, "order-placed.yaml");

    expect(report.files[0]!.cases.map((c) => [c.name, c.passed, c.mismatches.map((m) => m.message), c.errors.map((e) => e.code)])).toEqual([
      ["an order that cannot be loaded sends nothing", true, [], ["TM_RECORD_NOT_FOUND"]],
      [
        "an unexpected error",
        false,
        [`mapping error: order.placed: ${file}:4:3: TM_RECORD_NOT_FOUND the id of order (load.order.id) gave nothing (at load.order)`],
        ["TM_RECORD_NOT_FOUND"],
      ],
      ["an expected error that does not happen", false, ["expected a mapping error TM_EVAL_ERROR, none was raised"], []],
    ]);
  });

  it("removes the keys given in `redact`, as the host would", async () => {
    const dir = await shop({
      "order-placed.test.yaml": `cases:
  - name: no note
    input: fixtures/order.json
    expect: [{ track: {}, assert: = $not($exists(properties.note)) }, { identify: {} }]
`,
    });

    expect((await runMappingTests([dir])).ok).toBe(false);
    expect((await runMappingTests([dir], { redact: ["note"] })).ok).toBe(true);
  });

  it("loads libraries from the `mappings` roots when the tests live elsewhere", async () => {
    const dir = await writeTree({
      "defaults/order-placed.yaml": ORDER_PLACED,
      "defaults/lib/commerce.yaml": COMMERCE,
      "tests/placed.test.yaml": `mapping: ../defaults/order-placed.yaml
cases:
  - name: n
    input: { order: { id: o, customer_id: c, items: [{ sku: A, quantity: 1 }] } }
    expect: [{ track: { properties: { products: [{ sku: A }] } } }, { identify: {} }]
`,
    });

    const alone = await runMappingTests([join(dir, "tests")]);
    const withRoots = await runMappingTests([join(dir, "tests")], { mappings: [join(dir, "defaults")] });

    expect(alone.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["TM_TEST_MAPPING_NOT_FOUND", `the mapping under test, ${join(dir, "defaults/order-placed.yaml")}, was not loaded`],
    ]);
    expect(alone.files.map((f) => [f.passed, f.cases.length])).toEqual([[false, 0]]);
    expect(withRoots.diagnostics).toEqual([]);
    expect(withRoots.ok).toBe(true);
  });
});

describe("runMappingTests: problems", () => {
  it("fails when there is no test file", async () => {
    const dir = await writeTree({ "order-placed.yaml": "on: order.placed\ncalls: []\n" });

    const report = await runMappingTests([dir]);

    expect(report).toEqual({
      files: [],
      diagnostics: [{ code: "TM_NO_TESTS", severity: "error", file: dir, line: 0, column: 0, message: "no test files (*.test.yaml) found" }],
      passed: 0,
      failed: 0,
      ok: false,
    });
  });

  it("reports a path that does not exist once", async () => {
    const dir = await writeTree({});
    const missing = join(dir, "nope");

    const report = await runMappingTests([missing]);

    expect(report.diagnostics).toEqual([
      { code: "TM_PATH_NOT_FOUND", severity: "error", file: missing, line: 0, column: 0, message: "no such file or directory" },
    ]);
    expect(report.ok).toBe(false);
  });

  it("lists a broken test file, or one whose mapping is broken, as failed with its problems", async () => {
    const dir = await writeTree({
      "good.yaml": "on: order.placed\ncalls: [{ identify: { userId: u } }]\n",
      "good.test.yaml": "cases: [{ name: fine, input: {}, expect: [{ identify: { userId: u } }] }]\n",
      "bad-test.yaml": "on: order.updated\ncalls: []\n",
      "bad-test.test.yaml": "cases: [{ name: n, input: {}, expect: [], colour: red }]\n",
      "bad-mapping.yaml": 'on: order.canceled\ncalls: [{ identify: { userId: "= (" } }]\n',
      "bad-mapping.test.yaml": "cases: [{ name: n, input: {}, expect: [] }]\n",
    });

    const report = await runMappingTests([dir]);

    expect(report.files.map((f) => [f.file.slice(dir.length + 1), f.passed, f.cases.length])).toEqual([
      ["bad-mapping.test.yaml", false, 0],
      ["bad-test.test.yaml", false, 0],
      ["good.test.yaml", true, 1],
    ]);
    expect(report.diagnostics.map((d) => `${d.file.slice(dir.length + 1)}:${d.line}:${d.column} ${d.code}`)).toEqual([
      "bad-mapping.yaml:2:35 TM_JSONATA_SYNTAX",
      "bad-test.test.yaml:1:43 TM_UNKNOWN_KEY",
    ]);
    expect({ ok: report.ok, passed: report.passed, failed: report.failed }).toEqual({ ok: false, passed: 1, failed: 0 });
  });

  it("reports a tracking plan schema without title", async () => {
    const dir = await writeTree({
      "m.yaml": "on: order.placed\ncalls: [{ identify: { userId: u } }]\n",
      "m.test.yaml": "cases: [{ name: fine, input: {}, expect: [{ identify: {} }] }]\n",
      "tracking-plan/untitled.json": '{ "type": "object" }',
    });

    const report = await runMappingTests([dir]);

    expect(report.diagnostics).toEqual([
      {
        code: "TM_TRACKING_PLAN",
        severity: "error",
        file: join(dir, "tracking-plan/untitled.json"),
        line: 0,
        column: 0,
        message: 'the schema needs a "title": the track event name, or identify / group / page / alias',
      },
    ]);
    expect(report.ok).toBe(false);
  });
});

describe("runMappingTests: a runaway mapping", () => {
  it("fails its case with TM_EVAL_TIMEOUT at the budget, and runs the next case", async () => {
    const dir = await writeTree({
      "checked.yaml": CHECKED_MAPPING,
      "checked.test.yaml": `cases:
  - name: a long email that makes the regular expression backtrack for seconds
    input: {}
    data: { id: cus_1, email: ${SLOW_EMAIL} }
    expect: []
  - name: a short one
    input: {}
    data: { id: cus_2, email: ada@shop.com }
    expect:
      - track: { event: Customer Checked, properties: { shop_email: true } }
`,
    });

    const report = await runMappingTests([dir], { budget: { budgetMs: 300 } });

    const [runaway, short] = report.files[0]!.cases as [CaseResult, CaseResult];
    expect(runaway.errors.map((e) => e.code)).toEqual(["TM_EVAL_TIMEOUT"]);
    expect(runaway.mismatches.map((m) => m.message)).toEqual([
      expect.stringMatching(/^mapping error: customer.checked: .*checked\.yaml:3:5: TM_EVAL_TIMEOUT the event ran past its budget of 300 ms/),
    ]);
    expect(short.passed).toBe(true);
    expect([report.passed, report.failed]).toEqual([1, 1]);
  });
});
