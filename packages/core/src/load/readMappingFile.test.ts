import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALIAS_BOMB, linkToDevZero, makeFifo, TOO_LARGE } from "../testHelpers/hostileFiles";
import { writeTree } from "../testHelpers/writeTree";
import { parseMappingText, readMappingFile } from "./readMappingFile";

/** File contents written indented in the test, without that indentation. */
function dedent(text: string): string {
  const lines = text.replace(/^\n/, "").split("\n");
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join("\n");
}

/** The diagnostics of a file that must not parse. */
function problemsOf(path: string, text: string) {
  const result = parseMappingText(path, dedent(text));
  expect(result.file).toBeUndefined();
  return result.diagnostics;
}

describe("parseMappingText: a valid mapping", () => {
  it("gives the events, records, calls and their locations", () => {
    const result = parseMappingText(
      "mappings/order-placed.yaml",
      dedent(`
        on: order.placed
        description: An order becomes Order Completed
        load:
          order: { entity: order, id: "= event.data.id", fields: [id, total], optional: true }
        calls:
          - when: "= order.total > 0"
            track:
              event: Order Completed
              userId: "= order.customer_id"
      `),
    );

    expect(result.diagnostics).toEqual([]);
    const file = result.file!;
    expect(file.kind).toBe("mapping");
    if (file.kind !== "mapping") return;
    expect(file.on).toEqual(["order.placed"]);
    expect(file.description).toBe("An order becomes Order Completed");
    expect(file.load).toMatchObject([{ name: "order", entity: "order", fields: ["id", "total"], optional: true, location: { line: 4, column: 3 } }]);
    expect(file.calls).toMatchObject([{ type: "track", index: 0, location: { file: "mappings/order-placed.yaml", line: 6, column: 5 } }]);
    expect(file.calls[0]!.when).toMatchObject({ kind: "expression", expression: { text: " order.total > 0" } });
  });

  it("reads a library: its name and functions", () => {
    const result = parseMappingText(
      "lib/commerce.yaml",
      dedent(`
        library: commerce
        functions:
          cents: "function($amount) { $round($amount * 100) }"
      `),
    );

    expect(result.diagnostics).toEqual([]);
    expect(result.file).toMatchObject({
      kind: "library",
      name: "commerce",
      nameLocation: { line: 1, column: 10 },
      functions: [{ name: "cents", location: { line: 3, column: 10 } }],
    });
  });

  it("reads a .jsonata mapping: header in YAML, body as the calls expression", () => {
    const result = parseMappingText(
      "order-canceled.jsonata",
      dedent(`
        /* trackmap
        on: order.canceled
        load:
          order: { entity: order, id: "= event.data.id" }
        */
        { "type": "track", "event": "Order Cancelled", "userId": order.customer_id }
      `),
    );

    expect(result.diagnostics).toEqual([]);
    expect(result.file).toMatchObject({ kind: "mapping", on: ["order.canceled"], calls: [] });
    if (result.file?.kind !== "mapping") return;
    expect(result.file.callsExpression?.text.trim()).toBe('{ "type": "track", "event": "Order Cancelled", "userId": order.customer_id }');
  });
});

describe("parseMappingText: YAML errors", () => {
  it("reports a syntax error where the unclosed quote opens, not at the end of the file", () => {
    const problems = problemsOf(
      "broken.yaml",
      `
        on: order.placed
        calls:
          - track:
              event: "Order Completed
              userId: "= order.customer_id"
      `,
    );

    expect(problems).toEqual([
      {
        code: "TM_YAML_SYNTAX",
        severity: "error",
        file: "broken.yaml",
        line: 4,
        column: 14,
        message: 'this quoted string is never closed (missing ")',
        hint: "everything up to the end of the file was read as part of this string",
        sourceLine: '      event: "Order Completed',
      },
    ]);
  });

  it("reports other syntax errors with YAML's message and position", () => {
    const problems = problemsOf(
      "tabs.yaml",
      `
        on: order.placed
        calls:
        \t- track: { event: A }
      `,
    );

    expect(problems[0]).toMatchObject({ code: "TM_YAML_SYNTAX", file: "tabs.yaml", line: 3, column: 1 });
    expect(problems[0]!.message).toMatch(/tab/i);
  });

  it("reports an alias bomb at the alias that multiplies most, and shared aliases within the limit are fine", () => {
    const bomb = parseMappingText("bomb.yaml", `on: order.placed\ncalls: []\n${ALIAS_BOMB}`);
    const shared = parseMappingText(
      "shared.yaml",
      "on: order.placed\ncalls:\n  - track: &call { event: A, userId: u }\n  - track: *call\n  - track: *call\n",
    );

    expect(bomb).toEqual({
      diagnostics: [
        {
          code: "TM_YAML_TOO_MANY_ALIASES",
          severity: "error",
          file: "bomb.yaml",
          line: 9,
          column: 5,
          message: 'too many aliases: *f and the aliases it holds expand past the limit of 1000 (a guard against "billion laughs" files)',
          hint: "write the repeated values out, or alias values that hold no aliases themselves",
          sourceLine: "g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]",
        },
      ],
    });
    expect(shared.diagnostics).toEqual([]);
    expect(shared.file?.kind === "mapping" && shared.file.calls.length).toBe(3);
  });

  it("reports a duplicate key at its second occurrence, naming it", () => {
    const problems = problemsOf(
      "dup.yaml",
      `
        on: order.placed
        calls:
          - track:
              event: Order Completed
              userId: "= order.customer_id"
              event: Order Placed
      `,
    );

    expect(problems).toEqual([
      {
        code: "TM_DUPLICATE_KEY",
        severity: "error",
        file: "dup.yaml",
        line: 6,
        column: 7,
        message: 'the key "event" appears twice in the same map',
        hint: "keep one of them, or merge their contents",
        sourceLine: "      event: Order Placed",
      },
    ]);
  });
});

describe("parseMappingText: unknown keys", () => {
  it("points at an unknown top-level key and suggests the closest one", () => {
    const problems = problemsOf(
      "typo.yaml",
      `
        on: order.placed
        cals: []
      `,
    );

    expect(problems).toContainEqual({
      code: "TM_UNKNOWN_KEY",
      severity: "error",
      file: "typo.yaml",
      line: 2,
      column: 1,
      message: 'unknown key "cals" in the file',
      path: "cals",
      hint: 'did you mean "calls"?',
      sourceLine: "cals: []",
    });
  });

  it("points at an unknown key inside a track call and suggests the closest field", () => {
    const problems = problemsOf(
      "typo.yaml",
      `
        on: order.placed
        calls:
          - track:
              event: Order Completed
              userId: "= order.customer_id"
              propertis:
                total: "= order.total"
      `,
    );

    expect(problems).toEqual([
      {
        code: "TM_UNKNOWN_KEY",
        severity: "error",
        file: "typo.yaml",
        line: 6,
        column: 7,
        message: 'unknown key "propertis" in calls[0].track',
        path: "calls/0/track/propertis",
        hint: 'did you mean "properties"?',
        sourceLine: "      propertis:",
      },
    ]);
  });

  it("lists the allowed keys when nothing is close", () => {
    const [problem] = problemsOf(
      "typo.yaml",
      `
        on: order.placed
        calls:
          - identify: { userId: u, revenue: 12 }
      `,
    );

    expect(problem).toMatchObject({
      code: "TM_UNKNOWN_KEY",
      line: 3,
      column: 28,
      message: 'unknown key "revenue" in calls[0].identify',
      hint: "allowed keys: traits, userId, anonymousId, context, integrations, timestamp, messageId",
    });
  });

  it("says where `when` goes when it is written inside the call", () => {
    const [problem] = problemsOf(
      "m.yaml",
      `
        on: order.placed
        calls:
          - track:
              when: "= event.data.total > 0"
              event: Order Completed
      `,
    );

    expect(problem).toMatchObject({
      code: "TM_UNKNOWN_KEY",
      line: 4,
      column: 7,
      message: 'unknown key "when" in calls[0].track',
      hint: "when goes next to track:, not inside it",
    });
  });

  it("reports an unknown call type, suggesting the right one", () => {
    const problems = problemsOf(
      "trak.yaml",
      `
        on: order.placed
        calls:
          - trak:
              event: Order Completed
      `,
    );

    expect(problems).toEqual([
      {
        code: "TM_UNKNOWN_CALL_TYPE",
        severity: "error",
        file: "trak.yaml",
        line: 3,
        column: 5,
        message: 'unknown call type "trak" in calls[0]',
        path: "calls/0/trak",
        hint: 'did you mean "track"?',
        sourceLine: "  - trak:",
      },
    ]);
  });
});

describe("parseMappingText: missing and misplaced keys", () => {
  it("requires calls in a YAML mapping", () => {
    expect(problemsOf("m.yaml", "on: order.placed\n")).toEqual([
      {
        code: "TM_MISSING_KEY",
        severity: "error",
        file: "m.yaml",
        line: 1,
        column: 1,
        message: 'a mapping needs "calls:"',
        hint: "an empty list (`calls: []`) sends nothing, e.g. to switch off a default mapping",
        sourceLine: "on: order.placed",
      },
    ]);
  });

  it("requires on (a mapping) or library (a library)", () => {
    expect(problemsOf("m.yaml", "description: nothing\ncalls: []\n")).toEqual([
      {
        code: "TM_MISSING_KEY",
        severity: "error",
        file: "m.yaml",
        line: 1,
        column: 1,
        message: 'the file needs "on:" (a mapping) or "library:" (a library)',
        hint: "a mapping starts with e.g. `on: order.placed`; a library of functions with `library: commerce`",
        sourceLine: "description: nothing",
      },
    ]);
  });

  it("requires the entity and id of a record to load", () => {
    const problems = problemsOf(
      "m.yaml",
      `
        on: order.placed
        load:
          order: { entity: order }
        calls: []
      `,
    );

    expect(problems).toEqual([
      expect.objectContaining({
        code: "TM_MISSING_KEY",
        line: 3,
        column: 10,
        message: 'load.order is missing the required key "id"',
        path: "load/order",
      }),
    ]);
  });

  it("refuses calls (and on, load) in a library file", () => {
    const problems = problemsOf(
      "lib.yaml",
      `
        library: commerce
        functions:
          cents: "function($a) { $a * 100 }"
        calls: []
      `,
    );

    expect(problems).toEqual([
      {
        code: "TM_UNKNOWN_KEY",
        severity: "error",
        file: "lib.yaml",
        line: 4,
        column: 1,
        message: '"calls" is not allowed in a library file',
        hint: "a library only holds functions; put calls in a mapping file that uses the library",
        sourceLine: "calls: []",
      },
    ]);
  });

  it("refuses a call with two types", () => {
    const problems = problemsOf(
      "m.yaml",
      `
        on: customer.created
        calls:
          - identify: { userId: "= event.data.id" }
            track: { event: Signed Up, userId: "= event.data.id" }
      `,
    );

    expect(problems).toEqual([
      {
        code: "TM_SCHEMA_VIOLATION",
        severity: "error",
        file: "m.yaml",
        line: 3,
        column: 5,
        message: "calls[0] has track and identify: one type per call",
        hint: "write them as separate items of `calls:`",
        sourceLine: '  - identify: { userId: "= event.data.id" }',
      },
    ]);
  });

  it("reports a call without a type once, not once per schema rule", () => {
    const problems = problemsOf("m.yaml", "on: x\ncalls:\n  - {}\n");

    expect(problems).toEqual([expect.objectContaining({ code: "TM_MISSING_KEY", line: 3, column: 5, message: "calls[0] has no call type" })]);
  });
});

describe("parseMappingText: wrong types, one clear message each", () => {
  it("properties must be a map or an expression", () => {
    const problems = problemsOf(
      "m.yaml",
      `
        on: order.placed
        calls:
          - track:
              event: Order Completed
              userId: "= order.customer_id"
              properties: 12
      `,
    );

    expect(problems).toEqual([
      {
        code: "TM_SCHEMA_VIOLATION",
        severity: "error",
        file: "m.yaml",
        line: 6,
        column: 19,
        message: 'calls[0].track.properties must be a map, or an expression starting with "=", not 12',
        path: "calls/0/track/properties",
        hint: 'strings starting with "=" are JSONata expressions; other values are literals',
        sourceLine: "      properties: 12",
      },
    ]);
  });

  it("names the expected and the given type in plain words", () => {
    const problems = problemsOf(
      "m.yaml",
      `
        on: 12
        use: commerce
        calls:
          - track: { event: 12, userId: u }
      `,
    );

    expect(problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [1, 5, "on must be text, or a list, not 12"],
      [2, 6, 'use must be a list, not "commerce"'],
      [4, 21, "calls[0].track.event must be text, not 12"],
    ]);
    expect(problems[0]!.hint).toBeUndefined();
  });

  it("reports empty and repeated values", () => {
    const problems = problemsOf(
      "m.yaml",
      `
        on: ""
        use: [commerce, commerce]
        calls: []
      `,
    );

    expect(problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [1, 5, "on must not be empty"],
      [2, 17, 'use lists "commerce" twice'],
    ]);
  });

  it("points at a bad function name, with one message", () => {
    const problems = problemsOf(
      "lib.yaml",
      `
        library: commerce
        functions:
          to-cents: "function($a) { $a * 100 }"
      `,
    );

    expect(problems).toEqual([
      expect.objectContaining({
        code: "TM_SCHEMA_VIOLATION",
        line: 3,
        column: 3,
        message: '"to-cents" is not a valid name in functions',
        hint: "names are made of letters, digits and _, and do not start with a digit",
      }),
    ]);
  });

  it("refuses `event` as the name of a record to load", () => {
    const problems = problemsOf(
      "m.yaml",
      `
        on: order.placed
        load:
          event: { entity: order, id: "= event.data.id" }
        calls: []
      `,
    );

    expect(problems).toEqual([
      expect.objectContaining({
        code: "TM_SCHEMA_VIOLATION",
        line: 3,
        column: 3,
        message: '"event" is a reserved name in load',
        hint: "the source event is always available as `event`; give the record another name",
      }),
    ]);
  });

  it("refuses a file that is not a map", () => {
    expect(problemsOf("m.yaml", "- on: order.placed\n")).toEqual([
      {
        code: "TM_SCHEMA_VIOLATION",
        severity: "error",
        file: "m.yaml",
        line: 0,
        column: 0,
        message: "the file must be a map with `on:` and `calls:` (or `library:`)",
      },
    ]);
  });
});

describe("parseMappingText: .jsonata headers", () => {
  it("requires the /* trackmap */ header", () => {
    expect(problemsOf("m.jsonata", '{ "type": "track" }')).toEqual([
      expect.objectContaining({
        code: "TM_JSONATA_HEADER",
        line: 1,
        column: 1,
        message: "a .jsonata mapping must start with a /* trackmap ... */ header",
      }),
    ]);
  });

  it("refuses calls in the header, pointing at the file's own line", () => {
    const problems = problemsOf(
      "m.jsonata",
      `
        /* trackmap
        on: order.canceled
        calls: []
        */
        { "type": "track" }
      `,
    );

    expect(problems).toEqual([
      expect.objectContaining({
        code: "TM_UNKNOWN_KEY",
        line: 3,
        column: 1,
        message: '"calls" is not allowed in a .jsonata header',
        sourceLine: "calls: []",
      }),
    ]);
  });
});

describe("parseMappingText: literals that look like expressions", () => {
  it("warns about `order.id` written without `=`, in calls, when, each and record ids", () => {
    const result = parseMappingText(
      "m.yaml",
      dedent(`
        on: order.placed
        load:
          order: { entity: order, id: event.data.id }
        calls:
          - each: order.items
            track:
              event: Product Purchased
              userId: "= order.customer_id"
              properties:
                order_id: order.id
                sku: "= $item.sku"
                note: order of the day
      `),
    );

    expect(result.file).toBeDefined();
    expect(result.diagnostics).toEqual([
      {
        code: "TM_LOOKS_LIKE_EXPRESSION",
        severity: "warning",
        file: "m.yaml",
        line: 3,
        column: 31,
        message: 'load.order.id is the literal text "event.data.id"',
        path: "load/order/id",
        hint: 'to use the value, write "= event.data.id"',
        sourceLine: "  order: { entity: order, id: event.data.id }",
      },
      expect.objectContaining({ line: 5, column: 11, message: 'calls[0].each is the literal text "order.items"' }),
      expect.objectContaining({
        line: 10,
        column: 19,
        message: 'calls[0].track.properties.order_id is the literal text "order.id"',
        hint: 'to use the value, write "= order.id"',
      }),
    ]);
  });
});

describe("readMappingFile", () => {
  const SKIPPED = { code: "TM_FILE_SKIPPED", severity: "warning", line: 0, column: 0, hint: "only regular files (or symlinks to them) are read" };

  it("reports a file it cannot read", async () => {
    const dir = await mkdtemp(join(tmpdir(), "trackmap-read-"));
    try {
      const result = await readMappingFile(dir);

      expect(result.diagnostics).toEqual([
        { code: "TM_FILE_UNREADABLE", severity: "error", file: dir, line: 0, column: 0, message: "cannot read the file (EISDIR)" },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("skips a FIFO and a symlink to /dev/zero with a warning, at once and without reading them", async () => {
    const dir = await writeTree({});
    const fifo = makeFifo(dir, "a.yaml");
    const zero = await linkToDevZero(dir, "b.yaml");

    const results = await Promise.all([readMappingFile(fifo), readMappingFile(zero)]);

    expect(results).toEqual([
      { skipped: true, diagnostics: [{ ...SKIPPED, file: fifo, message: "skipped: it is a FIFO (named pipe), not a regular file" }] },
      { skipped: true, diagnostics: [{ ...SKIPPED, file: zero, message: "skipped: it is a device, not a regular file" }] },
    ]);
  });

  it("refuses a file larger than 1 MiB without parsing it", async () => {
    const dir = await writeTree({ "large.yaml": TOO_LARGE });

    expect(await readMappingFile(join(dir, "large.yaml"))).toEqual({
      diagnostics: [
        {
          code: "TM_FILE_TOO_LARGE",
          severity: "error",
          file: join(dir, "large.yaml"),
          line: 0,
          column: 0,
          message: "not read: it is larger than 1 MiB (1048576 bytes), the most trackmap reads",
          hint: "split it into smaller files",
        },
      ],
    });
  });

  it("reads a file from disk, keeping the path as given", async () => {
    const dir = await mkdtemp(join(tmpdir(), "trackmap-read-"));
    try {
      const path = join(dir, "m.yaml");
      await writeFile(path, "on: order.placed\ncalls: []\n");

      const result = await readMappingFile(path, 2);

      expect(result.diagnostics).toEqual([]);
      expect(result.file).toMatchObject({ kind: "mapping", path, root: 2, on: ["order.placed"], calls: [] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
