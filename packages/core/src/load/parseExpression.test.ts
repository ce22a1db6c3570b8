import { describe, expect, it } from "vitest";
import { SourceFile } from "../diagnostics/sourceFile";
import { scalarExpression, sliceExpression } from "../diagnostics/expressionSource";
import { sumOfOnes } from "../testHelpers/hostileFiles";
import { parseExpression } from "./parseExpression";

describe("parseExpression", () => {
  const file = new SourceFile("m.jsonata", '/* trackmap\non: x\n*/\n{ "a": $sum(items.price }\n');
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

describe("parseExpression: nesting deeper than JSONata's recursion can take", () => {
  const expression = (text: string) => {
    const file = new SourceFile("m.yaml", `x: "= ${text}"\n`);
    return scalarExpression(file, `= ${text}`, 2, [3, file.text.length - 1], "x");
  };
  const tooDeep = (column: number, sourceLine: string) => ({
    code: "TM_EXPRESSION_TOO_DEEP",
    severity: "error",
    file: "m.yaml",
    line: 1,
    column,
    path: "x",
    message: "the expression nests more than 200 levels deep, the most trackmap accepts",
    hint: "split it into smaller expressions, e.g. with variables ($x := ...) or functions",
    sourceLine,
  });

  it("refuses 1+1+… 5,000 times at the expression's start (it parses, but nests 5,000 levels)", () => {
    const text = sumOfOnes(5000);

    expect(parseExpression(expression(text))).toEqual({ diagnostic: tooDeep(7, `x: "= ${text}"`) });
  });

  it("refuses thousands of nested parentheses, brackets or braces at the first one too deep, before parsing", () => {
    for (const [open, close] of [
      ["(", ")"],
      ["[", "]"],
      ['{"a":', "}"],
    ]) {
      const text = `${open!.repeat(5000)}1${close!.repeat(5000)}`;
      const column = 7 + 200 * open!.length;

      expect(parseExpression(expression(text))).toEqual({ diagnostic: tooDeep(column, `x: "= ${text}"`) });
    }
  });

  it("refuses nesting that overflows the parser without brackets (a chain of unary minus)", () => {
    const text = `${"-".repeat(20000)}1`;

    expect(parseExpression(expression(text))).toEqual({ diagnostic: tooDeep(7, `x: "= ${text}"`) });
  });

  it("accepts 150 nested levels, and brackets inside strings, quoted names and comments", () => {
    const quoted = `'${"(".repeat(300)}' & \`${"[".repeat(300)}\` & /* ${"{".repeat(300)} */ "x"`;

    expect(parseExpression(expression(sumOfOnes(150))).diagnostic).toBeUndefined();
    expect(parseExpression(expression(`${"(".repeat(150)}1${")".repeat(150)}`)).diagnostic).toBeUndefined();
    expect(parseExpression(expression(quoted)).diagnostic).toBeUndefined();
  });
});
