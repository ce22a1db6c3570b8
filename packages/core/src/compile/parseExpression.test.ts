import { describe, expect, it } from "vitest";
import { SourceFile } from "../diagnostics/sourceFile";
import { sliceExpression } from "../load/expressionSource";
import { errorOffset, parseExpression } from "./parseExpression";

describe("parseExpression", () => {
  const file = new SourceFile("m.jsonata", "/* trackmap\non: x\n*/\n{ \"a\": $sum(items.price }\n");
  const body = (text: string) => sliceExpression(file, file.text.indexOf(text), file.text.length, "(body)");

  it("gives the AST of a valid expression", () => {
    const good = new SourceFile("m.jsonata", "items.price");

    expect(parseExpression(sliceExpression(good, 0, good.text.length, "(body)")).ast?.type).toBe("path");
  });

  it("turns a syntax error into a diagnostic at the offending token", () => {
    const { ast, diagnostic } = parseExpression(body("{"));

    expect(ast).toBeUndefined();
    expect(diagnostic).toEqual({
      code: "TM_JSONATA_SYNTAX",
      severity: "error",
      file: "m.jsonata",
      line: 4,
      column: 25,
      path: "(body)",
      message: 'JSONata S0202: Expected ")", got "}"',
      sourceLine: '{ "a": $sum(items.price }',
    });
  });
});

describe("errorOffset", () => {
  it("points at the start of the token JSONata names (it reports the offset after it)", () => {
    expect(errorOffset({ code: "S0202", position: 10, token: "..", message: "" }, "order.id..total")).toBe(8);
    expect(errorOffset({ code: "T2001", position: 10, token: "+", message: "" }, "order.id + 'x'")).toBe(9);
    expect(errorOffset({ code: "S0207", position: 5, token: "(end)", message: "" }, "a + b")).toBe(4);
    expect(errorOffset({ code: "D1011", message: "" }, "$f(1)")).toBe(0);
    // For a function call, JSONata points after `$number(`: the caret goes on the `$`.
    expect(errorOffset({ code: "D3030", position: 12, token: "number", message: "" }, 'x + $number("abc")')).toBe(4);
  });
});
