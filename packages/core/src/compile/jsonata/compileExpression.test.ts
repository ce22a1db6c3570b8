import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import jsonata from "jsonata";
import { describe, expect, it } from "vitest";
import { bothWays } from "../../testHelpers/jsonataDifferential";
import { compileExpression } from "./compileExpression";

const ORDER = {
  id: "order_1",
  currency_code: "eur",
  email: "ada@example.com",
  customer: { id: "cus_1", has_account: true, first_name: "Ada" },
  items: [
    { id: "li_1", title: "Shirt", unit_price: 25, quantity: 2, tags: ["a", "b"], adjustments: [{ code: "TEN" }] },
    { id: "li_2", title: "Pants", unit_price: 39.9, quantity: 1, tags: ["c"] },
    { id: "li_3", title: "Socks", unit_price: 5, quantity: 3, tags: [], adjustments: [{ code: "TEN" }, { code: "SOCKS" }] },
  ],
  metadata: null,
  empty: [],
  nested: [
    [1, 2],
    [3, [4, 5]],
  ],
};

/** Expressions by feature, each evaluated on ORDER compiled and by jsonata. */
const CASES: Record<string, string[]> = {
  paths: [
    "id",
    "customer.first_name",
    "items.title",
    "items[0].title",
    "items[-1].title",
    "items[quantity > 1].title",
    "items[quantity > 1][0].id",
    "items.tags",
    "items.tags[]",
    "items[0].tags[]",
    "items.adjustments.code",
    "nope",
    "nope.deeper",
    "metadata.x",
    "empty",
    "empty[0]",
    "nested",
    "nested[1]",
    "nested.$",
    "$.id",
    "$$.items[1].id",
    "items[[0, 2]].id",
    "items[0.9].id",
    "items.(unit_price * quantity)",
    "items.{'t': title}",
    "*.has_account",
    "**.code",
    "items[title = 'Pants'].unit_price",
    "`customer`.id",
    "items[tags].id",
    "items[adjustments].id",
    "email[]",
    "items[1].title[]",
    "items[title = 'Pants'][]",
    "items[title = 'Pants'].id[]",
    "[email][]",
  ],
  constructors: [
    "[1, 2, [3, 4]]",
    "[items.id]",
    "[items.id][1]",
    "[]",
    "{}",
    "{'a': 1, 'b': nope, '2': 3, '1': 4}",
    "{'a': items.id}",
    "items{title: unit_price}",
    "items{'all': $sum(unit_price)}",
    "{'k': items}.k[0].id",
    "items.[id, title]",
    "[[1], [2]]",
    "items.tags{$: 1}",
    "{'x': 1}.x",
    "items{'dup': id, 'dup': title}",
    "{title: 1}",
    "{1: 2}",
    "[1..4]",
    "[1..0]",
    "[3..1]",
  ],
  operators: [
    "1 + 2 * 3",
    "10 / 4",
    "10 % 4",
    "-items[0].unit_price",
    "items[0].unit_price - items[1].unit_price",
    "nope + 1",
    "'a' & 1 & true & null & nope",
    "'x' & items[0]",
    "1 = 1",
    "'a' != 'b'",
    "items[0] = items[0]",
    "nope = nope",
    "1 < 2",
    "'a' < 'b'",
    "nope < 1",
    "true and nope",
    "1 or 0",
    "'Pants' in items.title",
    "3 in [1, 2]",
    "customer.has_account ? 'yes' : 'no'",
    "metadata ? 1",
    "nope ?: 'dflt'",
    "nope ?? 'dflt'",
    "0 ?: 'zero'",
    "1 + 'a'",
    "'a' + 1",
    "1 < 'a'",
    "{} < 1",
    "-'x'",
    "[1] < 2",
    "1 / 0",
    "[1..'x']",
    "[0.5..2]",
  ],
  variablesAndBlocks: [
    "($a := 1; $b := $a + 1; $a + $b)",
    "($a := 1; ($a := 2); $a)",
    "($x := items; $x[1].id)",
    "$nope",
    "($a := [1, 2]; $a[0])",
    "($f := function($x) { $x * 2 }; $f(21))",
    "(items.($i := unit_price; $i * 2))",
  ],
  functions: [
    "$sum(items.unit_price)",
    "$count(items)",
    "$count(nope)",
    "$max(items.quantity)",
    "$min([])",
    "$average([1, 2])",
    "$string(items[0])",
    "$string(1/3)",
    "$length('héllo')",
    "$substring('hello', 1, 3)",
    "$uppercase(email)",
    "$lowercase(nope)",
    "$trim('  a  b ')",
    "$pad('x', 5, '-')",
    "$join(items.title, ', ')",
    "$number('12.5')",
    "$floor(2.7)",
    "$ceil(2.1)",
    "$round(2.5)",
    "$round(1.005, 2)",
    "$abs(-2)",
    "$power(2, 10)",
    "$sqrt(16)",
    "$boolean(items)",
    "$not(empty)",
    "$exists(nope)",
    "$keys(customer)",
    "$keys(items)",
    "$lookup(customer, 'id')",
    "$append([1], 2)",
    "$append(nope, 1)",
    "$spread({'a': 1, 'b': 2})",
    "$merge([{'a': 1}, {'a': 2, 'b': 3}])",
    "$reverse([1, 2, 3])",
    "$distinct(items.adjustments.code)",
    "$type(items)",
    "$type(nope)",
    "$zip([1, 2], [3])",
    "$formatNumber(1234.5, '#,##0.00')",
    "$formatBase(255, 16)",
    "$base64encode('hi')",
    "$encodeUrlComponent('a b')",
    "$sum('a')",
    "$count()",
    "$uppercase(1)",
    "sum(items.unit_price)",
    "$string()",
    "items.$string()",
    "items.$count(tags)",
    "$split('a-b-c', '-')",
    "$split('a-b-c', '-', 2)",
    "$split('a-b', '-', 0)",
    "$split('a-b', '-', -1)",
    "$split(nope, '-')",
    "$split(email, '')",
    "$contains(email, 'example')",
    "$contains(email, nope)",
    "$contains(1, 'a')",
    "$error('boom')",
    "$assert(false, 'no')",
    "$clone(customer)",
    "$fromMillis(0)",
  ],
  higherOrder: [
    "$map(items, function($i) { $i.title })",
    "$map(items, function($i, $n) { $n })",
    "$map(items, function($i, $n, $a) { $count($a) })",
    "$filter(items, function($i) { $i.quantity > 1 }).id",
    "$reduce(items.quantity, function($a, $b) { $a + $b })",
    "$reduce(items.quantity, function($a, $b) { $a + $b }, 100)",
    "$reduce([1], function($a) { $a })",
    "$single(items, function($i) { $i.id = 'li_2' }).title",
    "$single(items, function($i) { $i.quantity > 0 })",
    "$sift(customer, function($v, $k) { $k != 'id' })",
    "$each(customer, function($v, $k) { $k })",
    "$sort(items.unit_price)",
    "$sort(items, function($a, $b) { $a.unit_price > $b.unit_price }).id",
    "$sort([1, 'a'])",
    "$map([1, 2], $string)",
    "$filter([1, 0, 2], $boolean)",
    "items^(unit_price).id",
    "items^(>quantity, title).id",
    "items^(nope).id",
    "items^(tags).id",
  ],
  lambdasAndChains: [
    "(function($x) { $x + 1 })(1)",
    "($add := function($a, $b) { $a + $b }; $add(1))",
    "($fact := function($n) { $n <= 1 ? 1 : $n * $fact($n - 1) }; $fact(20))",
    "($loop := function($n, $acc) { $n = 0 ? $acc : $loop($n - 1, $acc + 1) }; $loop(3000, 0))",
    "items.unit_price ~> $sum()",
    "items.title ~> $join(', ')",
    "($inc := function($x) { $x + 1 }; 1 ~> $inc ~> $inc)",
    "($f := $uppercase ~> $trim; $f(' a '))",
    "($sq := function($x) <n:n> { $x * $x }; $sq(3))",
    "($sq := function($x) <n:n> { $x * $x }; $sq('a'))",
    "1 ~> 2",
    "nope()",
    "($x := 1; $x())",
    "(function($x) { $nope($x) })(1)",
    // A tail call's result is collapsed by the block around it, not by the call.
    "-($map([6], function($v) { $map([8], function($w) { 0 }) }))",
    "($f := function() { $map([1], function($v) { $v }) }; -($f()))",
  ],
};

describe("compileExpression gives what jsonata gives", () => {
  for (const [feature, expressions] of Object.entries(CASES)) {
    describe(feature, () => {
      it.each(expressions)("%s", async (expression) => {
        const { jsonata: expected, compiled, isCompiled } = await bothWays(expression, ORDER);
        expect(isCompiled).toBe(true);
        expect(compiled).toEqual(expected);
      });
    });
  }

  it("takes an input that is a list as jsonata does (one value, reached with $)", async () => {
    for (const expression of ["$", "$[1]", "$.a", "$count($)", "*"]) {
      const { jsonata: expected, compiled } = await bothWays(expression, [{ a: 1 }, { a: 2 }]);
      expect(compiled).toEqual(expected);
    }
  });

  it("uses the bindings it is given, functions included, before the built-ins", async () => {
    const bindings = { rate: 2, twice: (x: number) => x * 2, sum: () => "mine" };
    const { jsonata: expected, compiled } = await bothWays("[$twice($rate), $sum([1])]", {}, bindings);
    expect(compiled).toEqual({ value: { array: [4, "mine"], flags: [] } });
    expect(compiled).toEqual(expected);
  });
});

describe("the public evaluate", () => {
  it("is async like jsonata's and resolves with jsonata's result", async () => {
    const expression = compileExpression("$sum(items.(unit_price * quantity))");
    expect(expression.compiled).toBe(true);
    const pending = expression.evaluate(ORDER);
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toBe(104.9);
  });

  it("rejects with jsonata's own error: code, position, token and message", async () => {
    const source = "($f := function($x) { $x + 'a' }; $f(1))";
    const expected = await jsonata(source)
      .evaluate({})
      .catch((error: unknown) => error);
    const actual = await compileExpression(source)
      .evaluate({})
      .catch((error: unknown) => error);
    expect(actual).toMatchObject({ code: "T2002", position: expect.any(Number), message: expect.any(String) });
    expect(actual).toEqual(expected);
  });

  it("throws jsonata's syntax error at compile time", () => {
    expect(() => compileExpression("items[")).toThrow(expect.objectContaining({ code: "S0203" }));
  });

  it("runs on jsonata's evaluator what it does not compile, and says why", async () => {
    const expression = compileExpression("$match(email, /ADA/i).match");
    expect(expression.compiled).toBe(false);
    expect(expression.notCompiledBecause).toBe("$match");
    expect(await expression.evaluate(ORDER)).toBe("ada");
    expect(compileExpression("/a/").notCompiledBecause).toBe("regex expressions");
    expect(compileExpression("items#$i.id").notCompiledBecause).toBe("paths that bind the context, the position or a parent (@, #, %)");
    expect(compileExpression("$f(?, 1)").notCompiledBecause).toBe("partial expressions");
    expect(compileExpression("1", { sequence: 10 }).notCompiledBecause).toBe("the recover, RegexEngine and sequence options");
  });

  it("leaves $split and $contains with a matcher function to jsonata, at run time", async () => {
    const matcher = "function($s) { $s = 'a-b' ? {'match': '-', 'start': 1, 'end': 2, 'groups': [], 'next': function() { () }} }";
    const expression = compileExpression(`[$contains('a-b', ${matcher}), $split('a-b', ${matcher})]`);
    expect(expression.compiled).toBe(true);
    expect(await expression.evaluate({})).toEqual(await jsonata(`[$contains('a-b', ${matcher}), $split('a-b', ${matcher})]`).evaluate({}));
  });

  it("gives jsonata's result when a bound function returns a Promise", async () => {
    const expression = compileExpression("$later(2) + 1");
    expect(expression.compiled).toBe(true);
    expect(await expression.evaluate({}, { later: async (x: number) => x * 10 })).toBe(21);
  });

  it("stops runaway recursion at jsonata's depth limit, with jsonata's code", async () => {
    const source = "($f := function($n) { $n + $f($n + 1) }; $f(0))";
    const expected = await jsonata(source, { stack: 50 } as jsonata.JsonataOptions)
      .evaluate({})
      .catch((error: unknown) => error);
    const actual = await compileExpression(source, { stack: 50 })
      .evaluate({})
      .catch((error: unknown) => error);
    expect(actual).toMatchObject({ code: "D1011", value: 50 });
    // Not run again by jsonata: compiled code gives it jsonata's position (the recursive call) itself.
    const { code, message, position, token } = expected as { code: string; message: string; position: number; token: string };
    expect(actual).toMatchObject({ code, message, position, token });
    expect(position).toBe(source.indexOf("$f($n + 1)") + 3);
  });

  it("fails exactly where jsonata does near the depth limit", async () => {
    // The deepest node of a 9-deep recursion is just within 60 levels; at 10 it is past them.
    const source = "($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(depth))";
    for (const depth of [1, 5, 8, 9, 10, 11, 20]) {
      const { jsonata: expected, compiled } = await bothWays(source, { depth }, undefined, { stack: 60 });
      expect(compiled).toEqual(expected);
    }
  });

  it("stops an endless loop at the timeout, with jsonata's code and message", async () => {
    const source = "($loop := function($n) { $loop($n + 1) }; $loop(0))";
    const started = Date.now();
    const error = await compileExpression(source, { timeout: 50 })
      .evaluate({})
      .catch((caught: unknown) => caught);
    expect(error).toEqual(expect.objectContaining({ code: "D1012", message: "Evaluation timeout after 50 milliseconds. Check for infinite loop" }));
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("runs tail recursion in a loop, as jsonata does, so it does not exhaust the stack", async () => {
    const source = "($count := function($n, $acc) { $n = 0 ? $acc : $count($n - 1, $acc + 1) }; $count(100000, 0))";
    expect(await compileExpression(source).evaluate({})).toBe(100000);
  });

  it("treats user text as data: field names and strings that look like code stay text", async () => {
    const input = { 'a"); throw 1; ("': "x", __proto__: { polluted: true } };
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text a template literal would run, to show it never runs.
    const source = "[`a\"); throw 1; (\"`, '${process.exit(1)}', $keys($)]";
    const { jsonata: expected, compiled } = await bothWays(source, JSON.parse(JSON.stringify(input)));
    expect(compiled).toEqual(expected);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("never turns text into code: the compiler has no eval and no Function constructor", () => {
    const sources = readdirSync(__dirname).filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"));
    expect(sources.length).toBeGreaterThan(5);
    for (const file of sources) {
      expect(readFileSync(join(__dirname, file), "utf8")).not.toMatch(/\beval\s*\(|(^|[^.\w])Function\s*\(/m);
    }
  });
});

describe("arguments checked against signatures", () => {
  it("are checked again for every call, whatever the earlier calls were", async () => {
    // The same functions called with arguments of other kinds after good calls: each call gets jsonata's answer.
    const source =
      "[$count([1, 2]), $count(3), $count(nope), $uppercase('a'), $uppercase(), $exists(1), $substring('abc', 1), $substring('abc', 1, 1), $keys({'a': 1}), $keys()]";
    for (const input of [{}, "context text", { nope: [1] }]) {
      const { jsonata: expected, compiled } = await bothWays(source, input);
      expect(compiled).toEqual(expected);
    }
    const typed = "[$sum([1, 2]), $sum([]), $sum(3), $sum(nope), $join(['a', 'b']), $join([]), $merge([{'a': 1}]), $merge({'b': 2})]";
    const typedResult = await bothWays(typed, {});
    expect(typedResult.compiled).toEqual(typedResult.jsonata);
    for (const bad of [
      "[$uppercase('a'), $uppercase(1)]",
      "[$count([1]), $count(1, 2)]",
      "[$substring('a', 1), $substring('a', '1')]",
      "[$sum([1, 2]), $sum([1, 'x'])]",
      "[$sum([1, 2]), $sum(['x', 'y'])]",
      "[$join(['a']), $join([1])]",
      "[$merge([{'a': 1}]), $merge([{'a': 1}, 2])]",
    ]) {
      const { jsonata: expected, compiled } = await bothWays(bad, {});
      expect(compiled).toEqual(expected);
      expect(expected).toHaveProperty("error");
    }
  });
});
