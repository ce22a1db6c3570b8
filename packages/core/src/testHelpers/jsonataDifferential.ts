import { deepStrictEqual, ok } from "node:assert/strict";
import jsonata from "jsonata";
import { compileExpression, type CompileOptions } from "../compile/jsonata";
import { evaluateCompiledOnly } from "../compile/jsonata/compileExpression";

/**
 * Runs an expression on jsonata's evaluator and as compiled code (without jsonata behind it)
 * and describes both outcomes in a form that shows everything jsonata returns: the flags on
 * its arrays (sequence, keepSingleton, cons, outerWrapper), objects without a prototype, the
 * order of keys, undefined, or the error's code.
 */

export type Outcome = { value: unknown } | { error: string };

export async function bothWays(
  source: string,
  input: unknown,
  bindings?: Record<string, unknown>,
  options: CompileOptions = {},
): Promise<{ jsonata: Outcome; compiled: Outcome; isCompiled: boolean }> {
  const compiled = compileExpression(source, options);
  const expected = await outcome(() => jsonata(source, options as jsonata.JsonataOptions).evaluate(clone(input), bindings));
  const actual = compiled.compiled ? await outcome(() => evaluateCompiledOnly(compiled, clone(input), bindings)) : { error: "not compiled" };
  return { jsonata: expected, compiled: actual, isCompiled: compiled.compiled };
}

async function outcome(run: () => unknown): Promise<Outcome> {
  try {
    return { value: describe(await run()) };
  } catch (error) {
    // A JavaScript error (jsonata has a few) by its kind: its text is V8's.
    return { error: String((error as { code?: unknown })?.code ?? (error as Error)?.name ?? error) };
  }
}

/** jsonata may write on its input (grouping an empty list adds an item): each side gets its own copy. */
function clone(value: unknown): unknown {
  return value === undefined ? undefined : structuredClone(value);
}

/** A value spelled out, flags and prototypes included; functions as "function". */
function describe(value: unknown, seen = new Set<unknown>()): unknown {
  if (value === undefined) return "<undefined>";
  if (typeof value === "function") return "<function>";
  if (value === null || typeof value !== "object") return value;
  if ((value as { _jsonata_lambda?: unknown })._jsonata_lambda || (value as { _jsonata_function?: unknown })._jsonata_function) {
    return "<function>";
  }
  if (seen.has(value)) return "<cycle>";
  seen.add(value);
  if (Array.isArray(value)) {
    const flags = (["sequence", "keepSingleton", "cons", "outerWrapper", "tupleStream"] as const).filter(
      (flag) => (value as unknown as Record<string, unknown>)[flag] === true,
    );
    return { array: Array.from(value, (item) => describe(item, seen)), flags };
  }
  const prototype = Object.getPrototypeOf(value) === null ? "null" : "object";
  return { object: Object.entries(value).map(([key, item]) => [key, describe(item, seen)]), prototype };
}

/**
 * The property the generated expressions must have: compiled code gives jsonata's value, or
 * fails where jsonata fails, and the public evaluate then rejects with jsonata's error. (Items
 * of a constructor run concurrently in jsonata: when two fail, which error wins is jsonata's
 * to say, so only the public evaluate's error is compared.) An expression jsonata cannot
 * parse is not a case. Throws an AssertionError on a difference.
 */
export async function assertSameAsJsonata(
  source: string,
  input: unknown,
  options: CompileOptions = { stack: 200, timeout: 2000 },
): Promise<"value" | "error" | "not a case"> {
  try {
    jsonata(source);
  } catch {
    return "not a case";
  }
  const { jsonata: expected, compiled, isCompiled } = await bothWays(source, input, undefined, options);
  ok(isCompiled, `not compiled: ${source}`);
  if ("value" in expected) {
    deepStrictEqual(compiled, expected, source);
    return "value";
  }
  ok("error" in compiled, `${source}: jsonata fails with ${expected.error}, compiled code gives a value`);
  const thrown = await compileExpression(source, options)
    .evaluate(clone(input))
    .then(
      (value) => ({ value: describe(value) }),
      (error: { code?: string }) => ({ error: String(error.code ?? error) }),
    );
  deepStrictEqual(thrown, expected, source);
  return "error";
}
