import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../diagnostics/diagnostic";
import { readTestFile } from "./readTestFile";
import { ALIAS_BOMB, linkToDevZero, makeFifo, makeTooLargeInput } from "../testHelpers/hostileFiles";
import { writeTree } from "../testHelpers/writeTree";

/** Diagnostics with paths relative to `dir`, to compare them whole. */
const relativeTo = (dir: string) => (d: Diagnostic) => ({ ...d, file: d.file.slice(dir.length + 1) });

const MAPPING = "on: order.placed\ncalls: []\n";

describe("readTestFile: a valid file", () => {
  it("reads cases with a fixture file, an inline input, event, data, match and errors", async () => {
    const dir = await writeTree({
      "order-placed.yaml": MAPPING,
      "fixtures/order.json": JSON.stringify({ event: { data: { id: "order_1" } }, order: { id: "order_1", total: 12 } }),
      "fixtures/guest.yaml": "order:\n  id: order_2\n  email: guest@example.com\n",
      "order-placed.test.yaml": `cases:
  - name: from a JSON fixture
    input: fixtures/order.json
    expect:
      - track:
          event: Order Completed
          properties: { total: 12 }
        assert: = properties.total > 0
      - identify: { userId: cus_1 }
        match: equals
  - name: from a YAML fixture, for another event, with data
    input: fixtures/guest.yaml
    event: order.updated
    data: { id: order_2 }
    match: equals
    expect:
      - track: { event: Order Updated }
        assert:
          - = $exists(anonymousId)
          - = $not($exists(userId))
  - name: inline, with an expected error
    input: { order: { id: order_3 } }
    expect: []
    errors: [TM_RECORD_NOT_FOUND]
`,
    });

    const { suite, diagnostics } = await readTestFile(join(dir, "order-placed.test.yaml"));

    expect(diagnostics).toEqual([]);
    expect(suite?.file).toBe(join(dir, "order-placed.test.yaml"));
    expect(suite?.mappingPath).toBe(join(dir, "order-placed.yaml"));
    // Assert predicates are kept as sources (to report their line); compare their text.
    const cases = suite!.cases.map((c) => ({
      ...c,
      expect: c.expect.map((e) => ({ ...e, asserts: e.asserts.map((a) => a.text) })),
    }));
    expect(cases).toEqual([
      {
        name: "from a JSON fixture",
        line: 2,
        event: undefined,
        data: undefined,
        input: { event: { data: { id: "order_1" } }, order: { id: "order_1", total: 12 } },
        expect: [
          {
            type: "track",
            fields: { event: "Order Completed", properties: { total: 12 } },
            match: "contains",
            asserts: [" properties.total > 0"],
            line: 5,
          },
          { type: "identify", fields: { userId: "cus_1" }, match: "equals", asserts: [], line: 9 },
        ],
        errors: [],
      },
      {
        name: "from a YAML fixture, for another event, with data",
        line: 11,
        event: "order.updated",
        data: { id: "order_2" },
        input: { order: { id: "order_2", email: "guest@example.com" } },
        expect: [
          {
            type: "track",
            fields: { event: "Order Updated" },
            // The case's match applies to its calls.
            match: "equals",
            asserts: [" $exists(anonymousId)", " $not($exists(userId))"],
            line: 17,
          },
        ],
        errors: [],
      },
      {
        name: "inline, with an expected error",
        line: 21,
        event: undefined,
        data: undefined,
        input: { order: { id: "order_3" } },
        expect: [],
        errors: ["TM_RECORD_NOT_FOUND"],
      },
    ]);
  });

  it("resolves YAML aliases, so cases can share an input or expected fields", async () => {
    const dir = await writeTree({
      "m.yaml": MAPPING,
      "m.test.yaml": `cases:
  - name: a registered customer
    input: &order { order: { id: order_1, email: ada@example.com } }
    expect:
      - track: &completed { event: Order Completed, properties: { order_id: order_1 } }
  - name: the same order, again
    input: *order
    expect:
      - track: *completed
`,
    });

    const { suite, diagnostics } = await readTestFile(join(dir, "m.test.yaml"));

    expect(diagnostics).toEqual([]);
    expect(suite!.cases[1]!.input).toEqual({ order: { id: "order_1", email: "ada@example.com" } });
    expect(suite!.cases[1]!.expect[0]!.fields).toEqual({ event: "Order Completed", properties: { order_id: "order_1" } });
  });

  it("points an assert's syntax error at its line and column in the test file, and leaves the assert out", async () => {
    const dir = await writeTree({
      "m.yaml": MAPPING,
      "m.test.yaml": `cases:
  - name: a broken predicate
    input: {}
    expect:
      - track: { event: A }
        assert: = $exists(
`,
    });

    const { suite, diagnostics } = await readTestFile(join(dir, "m.test.yaml"));

    expect(diagnostics.map(relativeTo(dir))).toEqual([
      {
        code: "TM_JSONATA_SYNTAX",
        severity: "error",
        file: "m.test.yaml",
        line: 6,
        column: 27,
        path: "cases/0/expect/0/assert/0",
        message: 'JSONata S0203: Expected ")" before end of expression',
        sourceLine: "        assert: = $exists(",
      },
    ]);
    // Reported once: the broken predicate is not run as well.
    expect(suite!.cases[0]!.expect[0]!.asserts).toEqual([]);
  });
});

describe("readTestFile: the mapping under test", () => {
  it("pairs x.test.yaml with x.yaml, x.yml or x.jsonata, in that order", async () => {
    const dir = await writeTree({
      "a.yaml": MAPPING,
      "a.jsonata": "/* trackmap\non: order.placed\n*/\n[]\n",
      "a.test.yaml": "cases: [{ name: n, input: {}, expect: [] }]\n",
      "b.yml": MAPPING,
      "b.test.yml": "cases: [{ name: n, input: {}, expect: [] }]\n",
      "c.jsonata": "/* trackmap\non: order.placed\n*/\n[]\n",
      "c.test.yaml": "cases: [{ name: n, input: {}, expect: [] }]\n",
    });

    const paired = await Promise.all(["a.test.yaml", "b.test.yml", "c.test.yaml"].map((f) => readTestFile(join(dir, f))));

    expect(paired.map((r) => r.suite?.mappingPath)).toEqual([join(dir, "a.yaml"), join(dir, "b.yml"), join(dir, "c.jsonata")]);
  });

  it("takes the mapping from `mapping:`, relative to the test file", async () => {
    const dir = await writeTree({
      "tests/placed.test.yaml": "mapping: ../mappings/order-placed.jsonata\ncases: [{ name: n, input: {}, expect: [] }]\n",
    });

    const { suite, diagnostics } = await readTestFile(join(dir, "tests/placed.test.yaml"));

    expect(diagnostics).toEqual([]);
    expect(suite?.mappingPath).toBe(join(dir, "mappings/order-placed.jsonata"));
  });

  it("defaults to x.yaml when no mapping is found (the runner reports it missing)", async () => {
    const dir = await writeTree({ "lonely.test.yaml": "cases: [{ name: n, input: {}, expect: [] }]\n" });

    const { suite } = await readTestFile(join(dir, "lonely.test.yaml"));

    expect(suite?.mappingPath).toBe(join(dir, "lonely.yaml"));
  });
});

describe("readTestFile: problems, with their line and column", () => {
  it("reports an unknown key in a case and an expected call with two types, at once", async () => {
    const dir = await writeTree({
      "m.yaml": MAPPING,
      "m.test.yaml": `cases:
  - name: one
    input: {}
    expect:
      - track: { event: A }
        identify: { userId: u }
    colour: red
`,
    });

    const { suite, diagnostics } = await readTestFile(join(dir, "m.test.yaml"));

    expect(suite).toBeUndefined();
    expect(diagnostics.map(relativeTo(dir))).toEqual([
      {
        code: "TM_SCHEMA_VIOLATION",
        severity: "error",
        file: "m.test.yaml",
        line: 5,
        column: 9,
        message: "cases[0].expect[0] names track and identify: one call per item",
        sourceLine: "      - track: { event: A }",
      },
      {
        code: "TM_UNKNOWN_KEY",
        severity: "error",
        file: "m.test.yaml",
        line: 7,
        column: 5,
        path: "cases/0/colour",
        message: 'unknown key "colour" in cases[0]',
        hint: "allowed keys: name, event, data, input, variables, match, expect, errors",
        sourceLine: "    colour: red",
      },
    ]);
  });

  it("reports an expected call with no type once, naming the call types", async () => {
    const dir = await writeTree({
      "m.yaml": MAPPING,
      "m.test.yaml": "cases:\n  - name: one\n    input: {}\n    expect:\n      - {}\n      - match: equals\n",
    });

    const { diagnostics } = await readTestFile(join(dir, "m.test.yaml"));

    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      "5:9 TM_SCHEMA_VIOLATION cases[0].expect[0] names no call type (one of track, identify, group, page, alias)",
      "6:9 TM_SCHEMA_VIOLATION cases[0].expect[1] names no call type (one of track, identify, group, page, alias)",
    ]);
  });

  it("reports bad values of match, errors and input", async () => {
    const dir = await writeTree({
      "m.yaml": MAPPING,
      "m.test.yaml": "cases:\n  - name: one\n    input: 3\n    match: exact\n    expect: []\n    errors: [oops]\n",
    });

    const { diagnostics } = await readTestFile(join(dir, "m.test.yaml"));

    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      "3:12 cases[0].input must be text, or a map, not 3",
      "4:12 cases[0].match must be equal to one of the allowed values",
      "6:14 cases[0].errors[0] must be text matching ^TM_[A-Z_]+$",
    ]);
  });

  it("reports a YAML syntax error", async () => {
    const dir = await writeTree({ "m.test.yaml": "cases:\n  - name: [one\n" });

    const { suite, diagnostics } = await readTestFile(join(dir, "m.test.yaml"));

    expect(suite).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: "TM_YAML_SYNTAX", severity: "error", file: join(dir, "m.test.yaml"), line: 3 });
  });

  it("reports a file it cannot read", async () => {
    const dir = await writeTree({});

    const { suite, diagnostics } = await readTestFile(join(dir, "missing.test.yaml"));

    expect(suite).toBeUndefined();
    expect(diagnostics).toEqual([
      {
        code: "TM_FILE_UNREADABLE",
        severity: "error",
        file: join(dir, "missing.test.yaml"),
        line: 0,
        column: 0,
        message: "cannot read the file (ENOENT)",
      },
    ]);
  });

  it("reports an alias bomb at the alias that multiplies most, and a too deep assert at its line", async () => {
    const dir = await writeTree({
      "m.yaml": MAPPING,
      "bomb.test.yaml": `cases: []\n${ALIAS_BOMB}`,
      "deep.test.yaml": `cases:\n  - name: deep\n    input: {}\n    expect:\n      - track: {}\n        assert: = ${"(".repeat(3000)}1${")".repeat(3000)}\n`,
    });

    const bomb = await readTestFile(join(dir, "bomb.test.yaml"));
    const deep = await readTestFile(join(dir, "deep.test.yaml"));

    expect(bomb).toEqual({
      diagnostics: [
        {
          code: "TM_YAML_TOO_MANY_ALIASES",
          severity: "error",
          file: join(dir, "bomb.test.yaml"),
          line: 8,
          column: 5,
          message: 'too many aliases: *f and the aliases it holds expand past the limit of 1000 (a guard against "billion laughs" files)',
          hint: "write the repeated values out, or alias values that hold no aliases themselves",
          sourceLine: "g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]",
        },
      ],
    });
    expect(deep.diagnostics.map(relativeTo(dir)).map(({ sourceLine: _, ...d }) => d)).toEqual([
      {
        code: "TM_EXPRESSION_TOO_DEEP",
        severity: "error",
        file: "deep.test.yaml",
        line: 6,
        column: 219,
        path: "cases/0/expect/0/assert/0",
        message: "the expression nests more than 200 levels deep, the most trackmap accepts",
        hint: "split it into smaller expressions, e.g. with variables ($x := ...) or functions",
      },
    ]);
  });

  it("skips a test file that is a FIFO with a warning, without waiting for a writer", async () => {
    const dir = await writeTree({ "m.yaml": MAPPING });
    const fifo = makeFifo(dir, "m.test.yaml");

    expect(await readTestFile(fifo)).toEqual({
      skipped: true,
      diagnostics: [
        {
          code: "TM_FILE_SKIPPED",
          severity: "warning",
          file: fifo,
          line: 0,
          column: 0,
          message: "skipped: it is a FIFO (named pipe), not a regular file",
          hint: "only regular files (or symlinks to them) are read",
        },
      ],
    });
  });

  it("reports a fixture that is a FIFO, a device, too large or an alias bomb, at the input, without reading it whole", async () => {
    const dir = await writeTree({
      "m.yaml": MAPPING,
      "fixtures/bomb.yaml": ALIAS_BOMB,
      "m.test.yaml": `cases:
  - name: a FIFO
    input: fixtures/fifo.json
    expect: []
  - name: a device
    input: fixtures/zero.json
    expect: []
  - name: too large
    input: fixtures/large.json
    expect: []
  - name: an alias bomb
    input: fixtures/bomb.yaml
    expect: []
`,
    });
    makeFifo(dir, "fixtures/fifo.json");
    await linkToDevZero(dir, "fixtures/zero.json");
    await makeTooLargeInput(dir, "fixtures/large.json");

    const { diagnostics } = await readTestFile(join(dir, "m.test.yaml"));

    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      `3:12 TM_FIXTURE_UNREADABLE input fixtures/fifo.json: ${join(dir, "fixtures/fifo.json")} is not read: it is a FIFO (named pipe), not a regular file`,
      `6:12 TM_FIXTURE_UNREADABLE input fixtures/zero.json: ${join(dir, "fixtures/zero.json")} is not read: it is a device, not a regular file`,
      `9:12 TM_FIXTURE_UNREADABLE input fixtures/large.json: ${join(dir, "fixtures/large.json")} is not read: it is larger than 64 MiB (67108864 bytes), the most trackmap reads`,
      '12:12 TM_FIXTURE_UNREADABLE input fixtures/bomb.yaml: invalid YAML: too many aliases: *f and the aliases it holds expand past the limit of 1000 (a guard against "billion laughs" files) (line 7, column 5)',
    ]);
  });

  it("reports a missing fixture, an invalid JSON or YAML fixture and one that is not an object, at the input", async () => {
    const dir = await writeTree({
      "m.yaml": MAPPING,
      "fixtures/broken.json": '{ "order": ',
      "fixtures/broken.yaml": "order: [1, 2\n",
      "fixtures/list.json": "[1, 2]",
      "m.test.yaml": `cases:
  - name: missing
    input: fixtures/missing.json
    expect: []
  - name: invalid JSON
    input: fixtures/broken.json
    expect: []
  - name: invalid YAML
    input: fixtures/broken.yaml
    expect: []
  - name: a list
    input: fixtures/list.json
    expect: []
  - name: fine
    input: {}
    expect: []
`,
    });

    const { suite, diagnostics } = await readTestFile(join(dir, "m.test.yaml"));

    expect(diagnostics.map(relativeTo(dir)).map(({ sourceLine: _, ...d }) => d)).toEqual([
      {
        code: "TM_FIXTURE_UNREADABLE",
        severity: "error",
        file: "m.test.yaml",
        line: 3,
        column: 12,
        message: `input fixtures/missing.json: cannot read ${join(dir, "fixtures/missing.json")} (ENOENT)`,
      },
      {
        code: "TM_FIXTURE_UNREADABLE",
        severity: "error",
        file: "m.test.yaml",
        line: 6,
        column: 12,
        message: "input fixtures/broken.json: invalid JSON: Unexpected end of JSON input",
      },
      {
        code: "TM_FIXTURE_UNREADABLE",
        severity: "error",
        file: "m.test.yaml",
        line: 9,
        column: 12,
        message: expect.stringMatching(/^input fixtures\/broken\.yaml: invalid YAML: .+ \(line 2, column 1\)$/),
      },
      {
        code: "TM_FIXTURE_UNREADABLE",
        severity: "error",
        file: "m.test.yaml",
        line: 12,
        column: 12,
        message: "input fixtures/list.json: the fixture must hold an object",
      },
    ]);
    // The other cases are still read, so they can run.
    expect(suite?.cases.map((c) => c.name)).toEqual(["fine"]);
  });
});
