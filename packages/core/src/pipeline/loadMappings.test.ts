import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../diagnostics/diagnostic";
import { evaluateMapping } from "../evaluate/evaluateMapping";
import { loadMappings } from "./loadMappings";
import { ALIAS_BOMB, linkToDevZero, makeFifo, sumOfOnes, TOO_LARGE } from "../testHelpers/hostileFiles";
import { writeTree } from "../testHelpers/writeTree";

/** Diagnostics with paths relative to `dir`, to compare them whole. */
const relativeTo = (dir: string) => (d: Diagnostic) => ({ ...d, file: d.file.slice(dir.length + 1) });

const ORDER_PLACED = `on: order.placed
calls:
  - track: { event: Order Completed, userId: "= event.data.customer_id" }
`;

describe("loadMappings: a folder", () => {
  it("loads mappings and libraries, skipping fixtures, test files and hidden folders", async () => {
    const dir = await writeTree({
      "orders/order-placed.yaml": ORDER_PLACED,
      "orders/order-placed.test.yaml": "not: [a mapping",
      "orders/fixtures/order.yaml": "not: [a mapping",
      ".drafts/order-placed.yaml": "not: [a mapping",
      "customers/customer-created.jsonata":
        '/* trackmap\non: [customer.created, customer.updated]\n*/\n{ "type": "identify", "userId": event.data.id }\n',
      "lib/commerce.yml": 'library: commerce\nfunctions:\n  cents: "function($a) { $round($a * 100) }"\n',
      "README.md": "# mappings",
    });

    const { mappings, diagnostics, files } = await loadMappings(dir);

    expect(diagnostics).toEqual([]);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(["customers/customer-created.jsonata", "lib/commerce.yml", "orders/order-placed.yaml"]);
    expect(mappings.events).toEqual(["customer.created", "customer.updated", "order.placed"]);
    expect(mappings.size).toBe(3);
    expect(mappings.forEvent("order.placed")?.file.path).toBe(join(dir, "orders/order-placed.yaml"));
    expect(mappings.forEvent("customer.updated")).toBe(mappings.forEvent("customer.created"));
    expect(mappings.forEvent("order.canceled")).toBeUndefined();
  });

  it("loads a single file given as a root", async () => {
    const dir = await writeTree({ "order-placed.yaml": ORDER_PLACED });

    const { mappings, diagnostics } = await loadMappings(join(dir, "order-placed.yaml"));

    expect(diagnostics).toEqual([]);
    expect(mappings.events).toEqual(["order.placed"]);
  });

  it("refuses two mappings for the same event in one folder", async () => {
    const dir = await writeTree({
      "a-order-placed.yaml": ORDER_PLACED,
      "b-order-placed.yaml": "on: [order.updated, order.placed]\ncalls: []\n",
    });

    const { mappings, diagnostics } = await loadMappings(dir);

    expect(diagnostics.map(relativeTo(dir))).toEqual([
      {
        code: "TM_DUPLICATE_MAPPING",
        severity: "error",
        file: "b-order-placed.yaml",
        line: 1,
        column: 5,
        message: `event "order.placed" is already mapped by ${join(dir, "a-order-placed.yaml")}`,
        hint: "one mapping per event in a folder; put several calls in one mapping, or override it from a later folder",
        sourceLine: "on: [order.updated, order.placed]",
      },
    ]);
    expect(mappings.forEvent("order.placed")?.file.path).toBe(join(dir, "a-order-placed.yaml"));
  });

  it("refuses two libraries with the same name in one folder", async () => {
    const dir = await writeTree({
      "a.yaml": "library: commerce\nfunctions: {}\n",
      "b.yaml": "library: commerce\nfunctions: {}\n",
    });

    const { diagnostics } = await loadMappings(dir);

    expect(diagnostics.map(relativeTo(dir))).toEqual([
      {
        code: "TM_DUPLICATE_LIBRARY",
        severity: "error",
        file: "b.yaml",
        line: 1,
        column: 10,
        message: `library "commerce" is already defined in ${join(dir, "a.yaml")}`,
        sourceLine: "library: commerce",
      },
    ]);
  });

  it("reports a path that does not exist, and still loads the others", async () => {
    const dir = await writeTree({ "order-placed.yaml": ORDER_PLACED });
    const missing = join(dir, "store");

    const { mappings, diagnostics } = await loadMappings([dir, missing]);

    expect(diagnostics).toEqual([
      { code: "TM_PATH_NOT_FOUND", severity: "error", file: missing, line: 0, column: 0, message: "no such file or directory" },
    ]);
    expect(mappings.events).toEqual(["order.placed"]);
  });
});

describe("loadMappings: later roots override earlier ones", () => {
  it("takes an event's mapping, and a library, from the last root that has them", async () => {
    const dir = await writeTree({
      "defaults/order-placed.yaml": `on: order.placed
use: [commerce]
calls:
  - track: { event: Order Completed, userId: u, properties: { total: "= $price(event.data.total)" } }
`,
      "defaults/order-canceled.yaml": `on: order.canceled
use: [commerce]
calls:
  - track: { event: Order Cancelled, userId: u, properties: { total: "= $price(event.data.total)" } }
`,
      "defaults/commerce.yaml": 'library: commerce\nfunctions:\n  price: "function($a) { $a }"\n',
      "store/order-placed.yaml": `on: order.placed
calls:
  - track: { event: Order Placed (store), userId: u }
`,
      "store/commerce.yaml": 'library: commerce\nfunctions:\n  price: "function($a) { $a * 100 }"\n',
    });

    const { mappings, diagnostics } = await loadMappings([join(dir, "defaults"), join(dir, "store")]);

    expect(diagnostics).toEqual([]);
    expect(mappings.forEvent("order.placed")?.file.path).toBe(join(dir, "store/order-placed.yaml"));
    // The default mapping of another event uses the store's version of the library.
    const canceled = await evaluateMapping(mappings.forEvent("order.canceled")!, { name: "order.canceled", data: { total: 12 } });
    expect(canceled.calls[0]!.call).toEqual({ type: "track", event: "Order Cancelled", userId: "u", properties: { total: 1200 } });
    // The overridden mapping stays available by file, e.g. for its own tests.
    expect(mappings.forFile(join(dir, "defaults/order-placed.yaml"))?.on).toEqual(["order.placed"]);
  });

  it("overrides one function of a library and keeps the others", async () => {
    const dir = await writeTree({
      "defaults/order-placed.yaml": `on: order.placed
use: [commerce]
calls:
  - track: { event: Order Completed, userId: u, properties: { total: "= $price(event.data.total)", label: "= $label()" } }
`,
      "defaults/commerce.yaml": `library: commerce
functions:
  price: "function($a) { $a }"
  label: "function() { 'default' }"
`,
      "store/commerce.yaml": "library: commerce\nfunctions:\n  label: \"function() { 'ours' }\"\n",
    });

    const { mappings, diagnostics } = await loadMappings([join(dir, "defaults"), join(dir, "store")]);
    const outcome = await evaluateMapping(mappings.forEvent("order.placed")!, { name: "order.placed", data: { total: 5 } });

    expect(diagnostics).toEqual([]);
    expect(outcome.calls[0]!.call.properties).toEqual({ total: 5, label: "ours" });
  });

  it("switches a default mapping off with an empty list of calls", async () => {
    const dir = await writeTree({
      "defaults/order-placed.yaml": ORDER_PLACED,
      "store/order-placed.yaml": "on: order.placed\ncalls: []\n",
    });

    const { mappings } = await loadMappings([join(dir, "defaults"), join(dir, "store")]);
    const outcome = await evaluateMapping(mappings.forEvent("order.placed")!, { name: "order.placed" });

    expect(outcome.calls).toEqual([]);
    expect(outcome.errors).toEqual([]);
  });
});

describe("loadMappings: load presets", () => {
  it("loads a record from a library preset, adding the mapping's own fields", async () => {
    const dir = await writeTree({
      "lib/commerce.yaml": `library: commerce
presets:
  order: { entity: order, fields: [id, total, items.*] }
`,
      "order-canceled.yaml": `on: order.canceled
use: [commerce]
load:
  order: { preset: order, id: "= event.data.id", fields: [canceled_at, total] }
calls: []
`,
    });

    const { mappings, diagnostics } = await loadMappings(dir);

    expect(diagnostics).toEqual([]);
    expect(mappings.forEvent("order.canceled")?.load[0]).toMatchObject({
      name: "order",
      entity: "order",
      fields: ["id", "total", "items.*", "canceled_at"],
    });
  });

  it("reports an unknown preset at its name, listing the known ones", async () => {
    const dir = await writeTree({
      "lib/commerce.yaml": "library: commerce\npresets:\n  order: { entity: order }\n",
      "m.yaml": "on: order.canceled\nuse: [commerce]\nload:\n  order: { preset: ordr, id: = event.data.id }\ncalls: []\n",
    });

    const { diagnostics } = await loadMappings(dir);

    expect(diagnostics.map(relativeTo(dir))).toEqual([
      {
        code: "TM_UNKNOWN_PRESET",
        severity: "error",
        file: "m.yaml",
        line: 4,
        column: 20,
        message: 'unknown preset "ordr"',
        hint: "presets of the libraries used: order",
        sourceLine: "  order: { preset: ordr, id: = event.data.id }",
      },
    ]);
  });

  it("needs an entity or a preset for each load, and presets only in libraries", async () => {
    const dir = await writeTree({
      "m.yaml": "on: x\npresets: {}\nload:\n  order: { id: = event.data.id }\ncalls: []\n",
    });

    const { diagnostics } = await loadMappings(dir);

    expect(diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([
      ["TM_UNKNOWN_KEY", 2, '"presets" belong in a library file'],
      ["TM_MISSING_KEY", 4, 'load.order needs "entity" (or a library "preset")'],
    ]);
  });
});

describe("loadMappings: libraries and functions", () => {
  it("reports an unknown library at its name in `use`, suggesting a close one", async () => {
    const dir = await writeTree({
      "commerce.yaml": 'library: commerce\nfunctions:\n  cents: "function($a) { $a * 100 }"\n',
      "order-placed.yaml": "on: order.placed\nuse: [comerce]\ncalls: []\n",
      "order-canceled.yaml": "on: order.canceled\nuse: [analytics]\ncalls: []\n",
    });

    const { mappings, diagnostics } = await loadMappings(dir);

    expect(diagnostics.map(relativeTo(dir))).toEqual([
      {
        code: "TM_UNKNOWN_LIBRARY",
        severity: "error",
        file: "order-canceled.yaml",
        line: 2,
        column: 7,
        message: 'unknown library "analytics"',
        hint: "known libraries: commerce",
        sourceLine: "use: [analytics]",
      },
      expect.objectContaining({
        code: "TM_UNKNOWN_LIBRARY",
        file: "order-placed.yaml",
        message: 'unknown library "comerce"',
        hint: 'did you mean "commerce"?',
      }),
    ]);
    expect(mappings.events).toEqual([]);
  });

  it("refuses a function defined both in a used library and in the mapping", async () => {
    const dir = await writeTree({
      "commerce.yaml": 'library: commerce\nfunctions:\n  cents: "function($a) { $a * 100 }"\n',
      "order-placed.yaml": `on: order.placed
use: [commerce]
functions:
  cents: "function($a) { $round($a * 100) }"
calls: []
`,
    });

    const { mappings, diagnostics } = await loadMappings(dir);

    expect(diagnostics.map(relativeTo(dir))).toEqual([
      {
        code: "TM_DUPLICATE_FUNCTION",
        severity: "error",
        file: "order-placed.yaml",
        line: 4,
        column: 10,
        message: `function "cents" is already defined at ${join(dir, "commerce.yaml")}:3:10`,
        sourceLine: '  cents: "function($a) { $round($a * 100) }"',
      },
    ]);
    expect(mappings.forEvent("order.placed")).toBeUndefined();
  });

  it("reports a broken library once, without calling it unknown in the mappings that use it", async () => {
    const dir = await writeTree({
      "commerce.yaml": 'library: commerce\nuse: [missing]\nfunctions:\n  cents: "function($a) { $a * }"\n',
      "order-placed.yaml": "on: order.placed\nuse: [commerce]\ncalls: []\n",
      "order-canceled.yaml": "on: order.canceled\nuse: [commerce]\ncalls: []\n",
    });

    const { mappings, diagnostics } = await loadMappings(dir);

    expect(diagnostics.map((d) => [d.file.slice(dir.length + 1), d.line, d.column, d.code])).toEqual([
      ["commerce.yaml", 2, 7, "TM_UNKNOWN_LIBRARY"],
      ["commerce.yaml", 4, 31, "TM_JSONATA_SYNTAX"],
    ]);
    expect(mappings.events).toEqual([]);
  });
});

describe("loadMappings: every problem at once", () => {
  it("reports the problems of several files in one run, sorted by file and position", async () => {
    const dir = await writeTree({
      "b-order-placed.yaml": `on: order.placed
calls:
  - track:
      event: Order Completed
      userId: "= event.data.customer_id +"
      properties: { order_id: event.data.id, total: "= $sum(event.data.items.price" }
`,
      "a-customer.yaml": "on: customer.created\ncalls:\n  - identify: { userId: u }\n    trak: {}\n",
      "c-library.yaml": 'library: commerce\nfunctions:\n  cents: "$a * 100"\n',
      "d-broken.yaml": "on: [order.canceled\n",
    });

    const { diagnostics } = await loadMappings(dir);

    expect(diagnostics.map((d) => `${d.file.slice(dir.length + 1)}:${d.line}:${d.column} ${d.severity} ${d.code}`)).toEqual([
      "a-customer.yaml:4:5 error TM_UNKNOWN_CALL_TYPE",
      "b-order-placed.yaml:5:42 error TM_JSONATA_SYNTAX",
      "b-order-placed.yaml:6:31 warning TM_LOOKS_LIKE_EXPRESSION",
      "b-order-placed.yaml:6:83 error TM_JSONATA_SYNTAX",
      "c-library.yaml:3:10 error TM_NOT_A_FUNCTION",
      "d-broken.yaml:2:1 error TM_YAML_SYNTAX",
    ]);
  });

  it("reports hostile files (alias bomb, deep expression, FIFO, /dev/zero, too large) and still every other file's problems", async () => {
    const deep = sumOfOnes(5000);
    const dir = await writeTree({
      "a-bomb.yaml": `on: order.placed\ncalls: []\n${ALIAS_BOMB}`,
      "b-deep.yaml": `on: order.updated\ncalls:\n  - track: { event: Deep, userId: u, properties: { n: "= ${deep}" } }\n`,
      "e-large.yaml": TOO_LARGE,
      "f-broken.yaml": "on: order.canceled\ncalls:\n  - track: { event: = ) }\n",
    });
    makeFifo(dir, "c-fifo.yaml");
    await linkToDevZero(dir, "d-zero.yaml");

    const { diagnostics, files } = await loadMappings(dir);

    expect(diagnostics.map(relativeTo(dir))).toEqual([
      {
        code: "TM_YAML_TOO_MANY_ALIASES",
        severity: "error",
        file: "a-bomb.yaml",
        line: 9,
        column: 5,
        message: 'too many aliases: *f and the aliases it holds expand past the limit of 1000 (a guard against "billion laughs" files)',
        hint: "write the repeated values out, or alias values that hold no aliases themselves",
        sourceLine: "g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]",
      },
      {
        code: "TM_EXPRESSION_TOO_DEEP",
        severity: "error",
        file: "b-deep.yaml",
        line: 3,
        column: 58,
        path: "calls/0/track/properties/n",
        message: "the expression nests more than 200 levels deep, the most trackmap accepts",
        hint: "split it into smaller expressions, e.g. with variables ($x := ...) or functions",
        sourceLine: `  - track: { event: Deep, userId: u, properties: { n: "= ${deep}" } }`,
      },
      {
        code: "TM_FILE_SKIPPED",
        severity: "warning",
        file: "c-fifo.yaml",
        line: 0,
        column: 0,
        message: "skipped: it is a FIFO (named pipe), not a regular file",
        hint: "only regular files (or symlinks to them) are read",
      },
      {
        code: "TM_FILE_SKIPPED",
        severity: "warning",
        file: "d-zero.yaml",
        line: 0,
        column: 0,
        message: "skipped: it is a device, not a regular file",
        hint: "only regular files (or symlinks to them) are read",
      },
      {
        code: "TM_FILE_TOO_LARGE",
        severity: "error",
        file: "e-large.yaml",
        line: 0,
        column: 0,
        message: "not read: it is larger than 1 MiB (1048576 bytes), the most trackmap reads",
        hint: "split it into smaller files",
      },
      {
        code: "TM_JSONATA_SYNTAX",
        severity: "error",
        file: "f-broken.yaml",
        line: 3,
        column: 23,
        path: "calls/0/track/event",
        message: 'JSONata S0211: The symbol ")" cannot be used as a unary operator',
        sourceLine: "  - track: { event: = ) }",
      },
    ]);
    // The FIFO and the device are no mapping files: they are not counted as read.
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(["a-bomb.yaml", "b-deep.yaml", "e-large.yaml", "f-broken.yaml"]);
  });

  it("loads a mapping that only has warnings", async () => {
    const dir = await writeTree({
      "order-placed.yaml": `on: order.placed
calls:
  - track: { event: Order Completed, userId: u, properties: { order_id: event.data.id } }
`,
    });

    const { mappings, diagnostics } = await loadMappings(dir);

    expect(diagnostics.map((d) => d.severity)).toEqual(["warning"]);
    expect(mappings.events).toEqual(["order.placed"]);
  });
});
