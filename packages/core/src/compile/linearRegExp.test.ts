import jsonata from "jsonata";
import { describe, expect, it } from "vitest";
import { LinearRegExp } from "./linearRegExp";

const RegexEngine = LinearRegExp as unknown as RegExpConstructor;

/** The same expression through RE2 and through V8's engine. */
async function both(expression: string, input: unknown = {}) {
  const linear = await jsonata(expression, { RegexEngine }).evaluate(input);
  const native = await jsonata(expression).evaluate(input);
  return { linear: JSON.stringify(linear), native: JSON.stringify(native) };
}

describe("LinearRegExp: regex literals matched by RE2", () => {
  it.each([
    ['$match("abc123def45", /[0-9]+/)'],
    ['$match("Héllo wörld ✓ done", /(w)(ö)?rld|(✓)/)'],
    ['$match("😀a😀b", /[ab]/)'],
    ['$replace("John Smith", /(\\w+)\\s(\\w+)/, "$2, $1")'],
    ['$split("a, b,c ,  d", /\\s*,\\s*/)'],
    ['$split("a1b2c3", /\\d/)'],
    ['$match("AbC aBc", /abc/i)'],
    ['$match("x\\ny", /^y$/m)'],
    ['$contains("ada@shop.com", /^([a-zA-Z0-9_.+-]+)+@shop\\.com$/)'],
  ])("gives what V8's engine gives for %s", async (expression) => {
    const { linear, native } = await both(expression);

    expect(linear).toBe(native);
  });

  it("answers a backtracking pattern on a long email at once, where V8's engine runs for seconds", async () => {
    const expression = jsonata("$contains(email, /^([a-zA-Z0-9_.+-]+)+@shop\\.com$/)", { RegexEngine, timeout: 1000 });

    expect(await expression.evaluate({ email: `${"a".repeat(60)}@shop.com!` })).toBe(false);
  });

  it("keeps V8's engine for what RE2 cannot match (lookaround), and JSONata's error for a zero-length match", async () => {
    expect(await both('$contains("foobar", /foo(?=bar)/)')).toEqual({ linear: "true", native: "true" });
    await expect(jsonata('$replace("aaa", /a*?/, "-")', { RegexEngine }).evaluate({})).rejects.toMatchObject({ code: "D1004" });
  });
});
