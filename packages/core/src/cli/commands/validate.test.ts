import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ALIAS_BOMB, linkToDevZero, makeFifo, sumOfOnes } from "../../testHelpers/hostileFiles";
import { writeTree } from "../../testHelpers/writeTree";
import { runTrackmap as trackmap } from "../../testHelpers/runTrackmap";

/** The project's own default mappings, used read-only. */
// A frozen copy of an early default mapping set, so these tests do not move with mappings/.
const EXAMPLE_MAPPINGS = join(__dirname, "../../__fixtures__/mappings");

// The syntax error is on line 12, inside a `|` block; the unknown key on line 15.
const BROKEN_ORDER_PLACED = `on: order.placed
load:
  order:
    entity: order
    id: = event.data.id
calls:
  - track:
      event: Order Completed
      userId: = order.customer_id
      properties: |
        = {
            "total": order.total +,
            "currency": order.currency_code
          }
      colour: red
`;

describe("trackmap validate", () => {
  afterEach(() => vi.restoreAllMocks());

  it("reports every problem of every file at once as file:line:col, with the source line, and exits 1", async () => {
    const dir = await writeTree({
      "broken/order-placed.yaml": BROKEN_ORDER_PLACED,
      "broken/customer-created.yaml":
        "on: customer.created\ncalls:\n  - identify:\n      userId: = event.data.id\n      trait: { email: = event.data.email }\n",
    });
    const broken = join(dir, "broken");

    const { code, stdout, stderr } = await trackmap("validate", broken);

    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      [
        `${broken}/customer-created.yaml:5:7: error TM_UNKNOWN_KEY unknown key "trait" in calls[0].identify`,
        "5 |       trait: { email: = event.data.email }",
        "          ^",
        'hint: did you mean "traits"?',
        "",
        `${broken}/order-placed.yaml:12:35: error TM_JSONATA_SYNTAX JSONata S0211: The symbol "," cannot be used as a unary operator`,
        '12 |             "total": order.total +,',
        "                                       ^",
        "",
        `${broken}/order-placed.yaml:15:7: error TM_UNKNOWN_KEY unknown key "colour" in calls[0].track`,
        "15 |       colour: red",
        "           ^",
        "hint: allowed keys: event, properties, userId, anonymousId, context, integrations, timestamp, messageId",
        "",
        "✖ 3 error(s) in 2 mapping file(s), 0 test file(s)",
        "what each code means: https://github.com/trackmap/trackmap/blob/main/docs/error-codes.md",
        "",
      ].join("\n"),
    );
  });

  it("gives the same problems as JSON with --json, on stdout only", async () => {
    const dir = await writeTree({ "order-placed.yaml": BROKEN_ORDER_PLACED });

    const { code, stdout, stderr } = await trackmap("validate", dir, "--json");
    const report = JSON.parse(stdout);

    expect(code).toBe(1);
    expect(stderr).toBe("");
    expect(report).toEqual({
      ok: false,
      files: [join(dir, "order-placed.yaml")],
      events: [],
      diagnostics: [
        {
          code: "TM_JSONATA_SYNTAX",
          severity: "error",
          file: join(dir, "order-placed.yaml"),
          line: 12,
          column: 35,
          path: "calls/0/track/properties",
          message: 'JSONata S0211: The symbol "," cannot be used as a unary operator',
          sourceLine: '            "total": order.total +,',
        },
        {
          code: "TM_UNKNOWN_KEY",
          severity: "error",
          file: join(dir, "order-placed.yaml"),
          line: 15,
          column: 7,
          path: "calls/0/track/colour",
          message: 'unknown key "colour" in calls[0].track',
          hint: "allowed keys: event, properties, userId, anonymousId, context, integrations, timestamp, messageId",
          sourceLine: "      colour: red",
        },
      ],
    });
  });

  it("passes the project's mappings with a summary line, and exits 0", async () => {
    const { code, stdout, stderr } = await trackmap("validate", EXAMPLE_MAPPINGS);

    expect({ code, stdout, stderr }).toEqual({
      code: 0,
      stdout: "✔ valid: 2 mapping file(s), 1 test file(s), 1 event(s) mapped\n",
      stderr: "",
    });
  });

  it("says ok in JSON for valid mappings", async () => {
    const { code, stdout } = await trackmap("validate", EXAMPLE_MAPPINGS, "--json");

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      ok: true,
      files: [join(EXAMPLE_MAPPINGS, "lib/commerce.yaml"), join(EXAMPLE_MAPPINGS, "order-placed.yaml")],
      events: ["order.placed"],
      diagnostics: [],
    });
  });

  it("prints warnings but exits 0 when there is no error", async () => {
    const dir = await writeTree({
      "m.yaml": "on: order.placed\ncalls:\n  - track: { event: A, userId: u, properties: { order_id: event.data.id } }\n",
    });

    const { code, stdout, stderr } = await trackmap("validate", dir);

    expect(code).toBe(0);
    expect(stderr).toMatch(new RegExp(`^${join(dir, "m.yaml")}: warning TM_MAPPING_UNTESTED this mapping has no test file\n`));
    expect(stderr).toContain(`${join(dir, "m.yaml")}:3:59: warning TM_LOOKS_LIKE_EXPRESSION `);
    expect(stdout).toBe("✔ valid: 1 mapping file(s), 0 test file(s), 1 event(s) mapped, 2 warning(s)\n");
  });

  it("checks test files, their mapping and the tracking plan too", async () => {
    const dir = await writeTree({
      "m.yaml": "on: order.placed\ncalls: []\n",
      "m.test.yaml": "cases:\n  - name: n\n    input: fixtures/none.json\n    expect: []\n",
      "orphan.test.yaml": "cases: [{ name: n, input: {}, expect: [] }]\n",
      "tracking-plan/untitled.json": '{ "type": "object" }',
    });

    const { code, stderr } = await trackmap("validate", dir);

    expect(code).toBe(1);
    expect(stderr).toBe(
      [
        `${dir}/m.test.yaml:3:12: error TM_FIXTURE_UNREADABLE input fixtures/none.json: cannot read ${dir}/fixtures/none.json (ENOENT)`,
        "3 |     input: fixtures/none.json",
        "               ^",
        "",
        `${dir}/orphan.test.yaml: error TM_TEST_MAPPING_NOT_FOUND the mapping under test, ${dir}/orphan.yaml, does not exist`,
        "hint: name the test file after its mapping (x.test.yaml tests x.yaml, x.yml or x.jsonata), or give `mapping: file`",
        "",
        `${dir}/tracking-plan/untitled.json: error TM_TRACKING_PLAN the schema needs a "title": the track event name, or identify / group / page / alias`,
        "",
        "✖ 3 error(s) in 1 mapping file(s), 2 test file(s)",
        "what each code means: https://github.com/trackmap/trackmap/blob/main/docs/error-codes.md",
        "",
      ].join("\n"),
    );
  });

  it("reports a path that does not exist", async () => {
    const dir = await writeTree({});

    const { code, stderr } = await trackmap("validate", join(dir, "nope"));

    expect(code).toBe(1);
    expect(stderr).toBe(
      `${dir}/nope: error TM_PATH_NOT_FOUND no such file or directory\n\n✖ 1 error(s) in 0 mapping file(s), 0 test file(s)\nwhat each code means: https://github.com/trackmap/trackmap/blob/main/docs/error-codes.md\n`,
    );
  });
  it("reports hostile files as file:line:col or skips them with a warning, with every other file's problems, and exits 1", async () => {
    const deep = sumOfOnes(5000);
    const dir = await writeTree({
      "a-bomb.yaml": `on: order.placed\ncalls: []\n${ALIAS_BOMB}`,
      "b-bomb.test.yaml": `cases: []\n${ALIAS_BOMB}`,
      "c-deep.yaml": `on: order.updated\ncalls:\n  - track: { event: Deep, userId: u, properties: { n: "= ${deep}" } }\n`,
      "f-broken.yaml": "on: order.canceled\ncalls:\n  - track: { event: = ) }\n",
    });
    makeFifo(dir, "d-fifo.yaml");
    await linkToDevZero(dir, "e-zero.test.yaml");

    const { code, stdout, stderr } = await trackmap("validate", dir);

    expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
    expect(stderr).toBe(
      [
        `${dir}/a-bomb.yaml:9:5: error TM_YAML_TOO_MANY_ALIASES too many aliases: *f and the aliases it holds expand past the limit of 1000 (a guard against "billion laughs" files)`,
        "9 | g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]",
        "        ^",
        "hint: write the repeated values out, or alias values that hold no aliases themselves",
        "",
        `${dir}/b-bomb.test.yaml:8:5: error TM_YAML_TOO_MANY_ALIASES too many aliases: *f and the aliases it holds expand past the limit of 1000 (a guard against "billion laughs" files)`,
        "8 | g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]",
        "        ^",
        "hint: write the repeated values out, or alias values that hold no aliases themselves",
        "",
        `${dir}/c-deep.yaml:3:58: error TM_EXPRESSION_TOO_DEEP the expression nests more than 200 levels deep, the most trackmap accepts`,
        `3 |   - track: { event: Deep, userId: u, properties: { n: "= ${deep}" } }`,
        `${" ".repeat(61)}^`,
        "hint: split it into smaller expressions, e.g. with variables ($x := ...) or functions",
        "",
        `${dir}/d-fifo.yaml: warning TM_FILE_SKIPPED skipped: it is a FIFO (named pipe), not a regular file`,
        "hint: only regular files (or symlinks to them) are read",
        "",
        `${dir}/e-zero.test.yaml: warning TM_FILE_SKIPPED skipped: it is a device, not a regular file`,
        "hint: only regular files (or symlinks to them) are read",
        "",
        `${dir}/f-broken.yaml:3:23: error TM_JSONATA_SYNTAX JSONata S0211: The symbol ")" cannot be used as a unary operator`,
        "3 |   - track: { event: = ) }",
        "                          ^",
        "",
        "✖ 4 error(s), 2 warning(s) in 3 mapping file(s), 1 test file(s)",
        "what each code means: https://github.com/trackmap/trackmap/blob/main/docs/error-codes.md",
        "",
      ].join("\n"),
    );
  });

  it("names unknown functions with the closest known one, library functions included, and events the plugin never emits", async () => {
    const dir = await writeTree({
      "package.json": JSON.stringify({ dependencies: { "@trackmap/medusa": "0.1.0" } }),
      "node_modules/@trackmap/medusa/package.json": JSON.stringify({
        name: "@trackmap/medusa",
        version: "0.1.0",
        trackmap: { events: "events.json" },
      }),
      "node_modules/@trackmap/medusa/events.json": JSON.stringify(["customer.created", "product.created"]),
      "node_modules/@trackmap/medusa/mappings/lib/commerce.yaml": "library: commerce\nfunctions:\n  products: 'function($p) { $p.sku }'\n",
      "trackmap/product-created.yaml": [
        "on: product.created",
        "use: [commerce]",
        "calls:",
        "  - track:",
        "      event: Product Created",
        "      anonymousId: store",
        "      properties:",
        "        skus: = $prodcuts(event.data)",
        "        n: = $cont(event.data)",
        "        own: = ($f := function() { 1 }; $f() ~> $string)",
        "",
      ].join("\n"),
      "trackmap/product-created.test.yaml": "cases: [{ name: n, input: {}, expect: [] }]\n",
      "trackmap/customer-craeted.yaml": "on: customer.craeted\ncalls: [{ identify: { userId: = event.data.id } }]\n",
      "trackmap/customer-craeted.test.yaml": "cases: [{ name: n, input: {}, expect: [] }]\n",
    });
    vi.spyOn(process, "cwd").mockReturnValue(dir);

    const { code, stderr } = await trackmap("validate", "trackmap");

    expect(code).toBe(1);
    expect(stderr).toBe(
      [
        `${dir}/trackmap/customer-craeted.yaml:1:5: warning TM_UNKNOWN_EVENT @trackmap/medusa 0.1.0 does not listen to "customer.craeted"`,
        "1 | on: customer.craeted",
        "        ^",
        'hint: did you mean "customer.created"?',
        "",
        `${dir}/trackmap/product-created.yaml:8:17: error TM_UNKNOWN_FUNCTION unknown function $prodcuts`,
        "8 |         skus: = $prodcuts(event.data)",
        "                    ^",
        "hint: did you mean $products?",
        "",
        `${dir}/trackmap/product-created.yaml:9:14: error TM_UNKNOWN_FUNCTION unknown function $cont`,
        "9 |         n: = $cont(event.data)",
        "                 ^",
        "hint: did you mean $count?",
        "",
        "✖ 2 error(s), 1 warning(s) in 2 mapping file(s), 2 test file(s)",
        "what each code means: https://github.com/trackmap/trackmap/blob/main/docs/error-codes.md",
        "",
      ].join("\n"),
    );
  });

  it("explains an expression with braces written inline in YAML once, with how to write it", async () => {
    const dir = await writeTree({
      "m.yaml": 'on: order.placed\ncalls:\n  - track:\n      event: A\n      userId: u\n      properties: = { "a": order.id, "b": 2 }\n',
    });

    const { stderr } = await trackmap("validate", dir);

    expect(stderr.split("\n").slice(0, 4)).toEqual([
      `${dir}/m.yaml:6:19: error TM_YAML_SYNTAX Nested mappings are not allowed in compact mappings: YAML reads the braces and ": " of this expression as its own`,
      '6 |       properties: = { "a": order.id, "b": 2 }',
      "                      ^",
      "hint: quote the expression ('= { \"a\": b }'), or write it as a block: `key: |` and the expression on the next lines",
    ]);
    expect(stderr).toContain("✖ 1 error(s)");
  });
});
