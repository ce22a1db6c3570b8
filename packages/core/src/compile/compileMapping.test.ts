import { describe, expect, it } from "vitest";
import { evaluateValue } from "../evaluate/evaluateValue";
import { parseMappingText } from "../load/readMappingFile";
import type { MappingFile } from "../load/mappingFile";
import { compileMapping } from "./compileMapping";
import type { CompiledValue } from "./compiledMapping";

const LIMITS = { timeoutMs: 1000, maxDepth: 500 };

function parseMapping(path: string, text: string): MappingFile {
  const { file, diagnostics } = parseMappingText(path, text);
  expect(diagnostics).toEqual([]);
  if (file?.kind !== "mapping") throw new Error(`${path} is not a mapping`);
  return file;
}

const run = (value: CompiledValue, input: unknown, variables: Record<string, unknown> = {}) =>
  evaluateValue(value, input, variables, { event: "test", mapping: "m.yaml" });

describe("compileMapping", () => {
  it("fixes values without expressions at compile time", () => {
    const file = parseMapping(
      "m.yaml",
      `on: order.placed
calls:
  - track: { event: Order Completed, userId: guest, properties: { tags: [a, b], paid: true, note: null } }
`,
    );

    const compiled = compileMapping(file, [], LIMITS);

    expect(compiled.on).toEqual(["order.placed"]);
    expect(compiled.calls).toMatchObject([{ type: "track", index: 0, label: "calls[0].track", location: { line: 3, column: 5 } }]);
    expect(compiled.calls[0]!.body).toEqual({
      value: { event: "Order Completed", userId: "guest", properties: { tags: ["a", "b"], paid: true, note: null } },
    });
  });

  it("compiles a map mixing literals and expressions into one program", async () => {
    const file = parseMapping(
      "m.yaml",
      `on: order.placed
calls:
  - track:
      event: Order Completed
      userId: "= order.customer_id"
      properties:
        total: "= order.total"
        coupon: "= order.coupon"
        skus: ["= order.items.sku", "gift-wrap", 3]
        currency: EUR
`,
    );

    const { body } = compileMapping(file, [], LIMITS).calls[0]!;
    const order = { customer_id: "cus_1", total: 12.5, items: [{ sku: "A" }, { sku: "B" }] };

    expect("program" in body).toBe(true);
    expect(await run(body, { order })).toEqual({
      event: "Order Completed",
      userId: "cus_1",
      // coupon gave nothing, so the key is left out; the list keeps its items as written.
      properties: { total: 12.5, skus: [["A", "B"], "gift-wrap", 3], currency: "EUR" },
    });
  });

  it("defines the mapping's and libraries' functions in every program", async () => {
    const library = parseMappingText("lib/commerce.yaml", 'library: commerce\nfunctions:\n  cents: "function($a) { $round($a * 100) }"\n').file!;
    const file = parseMapping(
      "m.yaml",
      `on: order.placed
use: [commerce]
functions:
  label: "function($o) { 'Order #' & $o.display_id }"
calls:
  - track:
      event: "= $label(order)"
      userId: u
      properties: { total_cents: "= $cents(order.total)" }
`,
    );

    const { body } = compileMapping(file, [...library.functions, ...file.functions], LIMITS).calls[0]!;

    expect(await run(body, { order: { display_id: 7, total: 12.5 } })).toEqual({
      event: "Order #7",
      userId: "u",
      properties: { total_cents: 1250 },
    });
  });

  it("maps every position of a program back to the piece of file it came from", () => {
    const file = parseMapping(
      "m.yaml",
      `on: order.placed
calls:
  - track: { event: A, userId: "= order.customer_id" }
`,
    );

    const { body } = compileMapping(file, [], LIMITS).calls[0]!;
    if (!("program" in body)) throw new Error("expected a program");
    const start = body.program.text.indexOf("order.customer_id");
    const located = body.program.locate(start)!;

    expect(located.source.path).toBe("calls/0/track/userId");
    expect(located.source.file.position(located.source.fileOffset(located.offset))).toEqual({ line: 3, column: 35 });
    expect(body.program.locate(0)).toBeUndefined();
  });

  it("compiles `when` and `each`, and places a .jsonata body where it starts", () => {
    const yaml = parseMapping(
      "m.yaml",
      `on: order.placed
calls:
  - when: "= order.total > 0"
    each: "= order.items"
    track: { event: Item, userId: u }
`,
    );
    const jsonata = parseMapping(
      "m.jsonata",
      `/* trackmap
on: order.canceled
*/

{ "type": "track", "event": "Order Cancelled", "userId": "u" }
`,
    );

    const [call] = compileMapping(yaml, [], LIMITS).calls;
    const body = compileMapping(jsonata, [], LIMITS).callsProgram;

    expect(call!.when).toMatchObject({ path: "calls[0].when" });
    expect(call!.each).toMatchObject({ path: "calls[0].each" });
    expect(body).toMatchObject({ path: "(body)", location: { file: "m.jsonata", line: 5, column: 1 } });
  });
});
