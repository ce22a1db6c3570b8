import { describe, expect, it } from "vitest";
import { makeFifo } from "../../testHelpers/hostileFiles";
import { writeTree } from "../../testHelpers/writeTree";
import { runTrackmap as trackmap } from "../../testHelpers/runTrackmap";

const ORDER = {
  order: {
    currency_code: "eur",
    items: [
      { unit_price: 19.999, quantity: 2 },
      { unit_price: 5, quantity: 1 },
    ],
  },
};

describe("trackmap eval", () => {
  it("prints the value of an expression on the input, with trackmap's functions", async () => {
    const dir = await writeTree({ "order.json": JSON.stringify(ORDER) });
    const { code, stdout, stderr } = await trackmap(
      "eval",
      "$money($sum(order.items.(unit_price * quantity)), order.currency_code)",
      "--input",
      `${dir}/order.json`,
    );

    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: "45\n", stderr: "" });
  });

  it("reads YAML input and prints lists and objects as JSON", async () => {
    const dir = await writeTree({ "order.yaml": "order:\n  items:\n    - { sku: A }\n    - { sku: B }\n" });
    const { code, stdout } = await trackmap("eval", "{ 'skus': order.items.sku }", "--input", `${dir}/order.yaml`);

    expect(code).toBe(0);
    expect(stdout).toBe(`${JSON.stringify({ skus: ["A", "B"] }, null, 2)}\n`);
  });

  it("evaluates without input, and says when there is no value", async () => {
    expect(await trackmap("eval", "1 + 2")).toEqual({ code: 0, stdout: "3\n", stderr: "" });
    expect(await trackmap("eval", "nothing.here")).toEqual({ code: 0, stdout: "(no value)\n", stderr: "" });
  });

  it("prints the value and whether it was compiled with --json", async () => {
    expect(JSON.parse((await trackmap("eval", "[1, 2][1]", "--json")).stdout)).toEqual({ value: 2, compiled: true });
    expect(JSON.parse((await trackmap("eval", "nothing", "--json")).stdout)).toEqual({ compiled: true });
    expect(JSON.parse((await trackmap("eval", "$match('ab', /b/).index", "--json")).stdout)).toEqual({
      value: 1,
      compiled: false,
      notCompiledBecause: "$match",
    });
  });

  it("notes on stderr when the expression runs on jsonata's evaluator", async () => {
    const { code, stdout, stderr } = await trackmap("eval", "$match('ab', /b/).index");

    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: "1\n", stderr: "note: run by jsonata's evaluator, not compiled ($match)\n" });
  });

  it("shows jsonata's error with a caret under the place it points at, and exits 1", async () => {
    const { code, stdout, stderr } = await trackmap("eval", "1 + 'a'");

    expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
    expect(stderr).toBe(`T2002 at column 3: The right side of the "+" operator must evaluate to a number\n  1 + 'a'\n    ^\n`);
  });

  it("shows a syntax error the same way", async () => {
    const { code, stderr } = await trackmap("eval", "order.items[");

    expect(code).toBe(1);
    expect(stderr).toMatch(/^S0203 at column \d+: Expected "\]" before end of expression\n {2}order\.items\[\n +\^\n$/);
  });

  it("gives the error as JSON with --json", async () => {
    const { code, stdout } = await trackmap("eval", "$sum('a')", "--json");

    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual({
      error: { code: "T0412", message: 'Argument 1 of function "sum" must be an array of "numbers"', position: 5, token: "sum", column: 1 },
      compiled: true,
    });
  });

  it("stops a runaway expression at the default limits instead of hanging", async () => {
    const { code, stderr } = await trackmap("eval", "($f := function($n) { $n + $f($n + 1) }; $f(0))");

    expect(code).toBe(1);
    expect(stderr).toMatch(/^D1011/);
  });

  it("refuses input it cannot read, with exit 2", async () => {
    const dir = await writeTree({ "bad.json": "{ nope" });
    const bad = await trackmap("eval", "1", "--input", `${dir}/bad.json`);
    const fifo = await trackmap("eval", "1", "--input", makeFifo(dir, "pipe.json"));

    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(new RegExp(`^trackmap: --input ${dir}/bad.json is not valid JSON: `));
    expect(fifo.code).toBe(2);
    expect(fifo.stderr).toMatch(/^trackmap: --input .* is not read: /);
  });
});
