import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "../diagnostics/diagnostic";
import { loadMappings } from "../pipeline/loadMappings";

/**
 * JSONata reports syntax errors as offsets in the expression; these tests check that they
 * come out as the line and column of the file, whatever the YAML scalar style.
 */

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** Loads one file written in a fresh temporary folder; returns its diagnostics with the path made relative. */
async function diagnosticsOf(name: string, text: string): Promise<Diagnostic[]> {
  const dir = await mkdtemp(join(tmpdir(), "trackmap-expr-"));
  dirs.push(dir);
  await writeFile(join(dir, name), text);
  const { diagnostics } = await loadMappings(dir);
  return diagnostics.map((d) => ({ ...d, file: d.file.slice(dir.length + 1) }));
}

describe("JSONata syntax errors point at the file's line and column", () => {
  it("inside a multi-line block scalar (|), on the 12th line of the file", async () => {
    const text = [
      "on: order.placed",
      "description: the total, computed in a block",
      "load:",
      '  order: { entity: order, id: "= event.data.id" }',
      "calls:",
      "  - track:",
      "      event: Order Completed",
      '      userId: "= order.customer_id"',
      "      properties: |",
      "        = (",
      "          $subtotal := order.subtotal;",
      "          $tax := order.tax_total +;",
      '          { "total": $subtotal + $tax }',
      "        )",
      "",
    ].join("\n");

    expect(await diagnosticsOf("order-placed.yaml", text)).toEqual([
      {
        code: "TM_JSONATA_SYNTAX",
        severity: "error",
        file: "order-placed.yaml",
        line: 12,
        column: 36,
        path: "calls/0/track/properties",
        message: 'JSONata S0211: The symbol ";" cannot be used as a unary operator',
        sourceLine: "          $tax := order.tax_total +;",
      },
    ]);
  });

  it("in a plain one-line scalar", async () => {
    const text = [
      "on: order.placed",
      "calls:",
      "  - track:",
      "      event: Order Completed",
      "      userId: = event.data.customer_id",
      "      properties:",
      "        total: = $sum(event.data.items.price ]",
      "",
    ].join("\n");

    expect(await diagnosticsOf("m.yaml", text)).toEqual([
      expect.objectContaining({
        code: "TM_JSONATA_SYNTAX",
        line: 7,
        column: 46,
        path: "calls/0/track/properties/total",
        message: 'JSONata S0202: Expected ")", got "]"',
      }),
    ]);
  });

  it("in a double-quoted scalar with escaped quotes", async () => {
    const text = [
      "on: order.placed",
      "calls:",
      "  - track:",
      "      event: Order Completed",
      '      userId: "= \\"cus_\\" & event.data.customer_id"',
      "      properties:",
      '        label: "= \\"Order \\" & event.data.display_id )"',
      "",
    ].join("\n");

    expect(await diagnosticsOf("m.yaml", text)).toEqual([
      expect.objectContaining({
        code: "TM_JSONATA_SYNTAX",
        line: 7,
        column: 54,
        message: 'JSONata S0201: Syntax error: ")"',
        sourceLine: '        label: "= \\"Order \\" & event.data.display_id )"',
      }),
    ]);
  });

  it("in a folded block scalar (>)", async () => {
    const text = [
      "on: order.placed",
      "calls:",
      "  - track:",
      "      event: Order Completed",
      "      userId: u",
      "      properties: >",
      "        = {",
      '          "total": event.data.total,',
      '          "currency": event.data.currency ]',
      "        }",
      "",
    ].join("\n");

    expect(await diagnosticsOf("m.yaml", text)).toEqual([
      expect.objectContaining({
        code: "TM_JSONATA_SYNTAX",
        line: 9,
        column: 43,
        message: 'JSONata S0202: Expected "}", got "]"',
      }),
    ]);
  });

  it("just after the last character of an expression that stops short", async () => {
    const text = ["on: order.placed", "calls:", '  - track: { event: A, userId: "= event.data.first & " }', ""].join("\n");

    expect(await diagnosticsOf("m.yaml", text)).toEqual([
      expect.objectContaining({
        code: "TM_JSONATA_SYNTAX",
        line: 3,
        column: 53,
        message: "JSONata S0207: Unexpected end of expression",
      }),
    ]);
  });

  it("just after the last character, not past the closing quote or on the line below a block", async () => {
    const text = [
      "on: order.placed",
      "calls:",
      '  - track: { event: A, userId: "= event.data.first &" }',
      "  - track:",
      "      event: B",
      "      userId: |",
      "        = event.data.first &",
      "",
      "    when: true",
      "",
    ].join("\n");

    expect((await diagnosticsOf("m.yaml", text)).map((d) => [d.line, d.column, d.message])).toEqual([
      [3, 53, "JSONata S0207: Unexpected end of expression"],
      [7, 29, "JSONata S0207: Unexpected end of expression"],
    ]);
  });

  it("in a functions: entry", async () => {
    const text = ["library: commerce", "functions:", "  cents: |", "    function($amount) {", "      $round($amount * 100]", "    }", ""].join("\n");

    expect(await diagnosticsOf("commerce.yaml", text)).toEqual([
      expect.objectContaining({
        code: "TM_JSONATA_SYNTAX",
        file: "commerce.yaml",
        line: 5,
        column: 27,
        path: "functions/cents",
        message: 'JSONata S0202: Expected ")", got "]"',
        sourceLine: "      $round($amount * 100]",
      }),
    ]);
  });

  it("in the body of a .jsonata mapping", async () => {
    const text = [
      "/* trackmap",
      "on: order.canceled",
      "*/",
      "{",
      '  "type": "track",',
      '  "event": "Order Cancelled",',
      '  "userId": event.data.customer_id,',
      '  "properties": { "order_id": event.data.id.. }',
      "}",
      "",
    ].join("\n");

    expect(await diagnosticsOf("order-canceled.jsonata", text)).toEqual([
      {
        code: "TM_JSONATA_SYNTAX",
        severity: "error",
        file: "order-canceled.jsonata",
        line: 8,
        column: 44,
        path: "(body)",
        message: 'JSONata S0202: Expected "}", got ".."',
        sourceLine: '  "properties": { "order_id": event.data.id.. }',
      },
    ]);
  });
});

describe("functions must be function definitions", () => {
  it("reports TM_NOT_A_FUNCTION at the value", async () => {
    const text = ["library: commerce", "functions:", '  cents: "function($a) { $round($a * 100) }"', '  vat: "= $amount * 0.2"', ""].join("\n");

    expect(await diagnosticsOf("commerce.yaml", text)).toEqual([
      {
        code: "TM_NOT_A_FUNCTION",
        severity: "error",
        file: "commerce.yaml",
        line: 4,
        column: 8,
        message: "functions.vat is not a function definition",
        hint: "write it as function($arg) { ... }",
        sourceLine: '  vat: "= $amount * 0.2"',
      },
    ]);
  });
});
