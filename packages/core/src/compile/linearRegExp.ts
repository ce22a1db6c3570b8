import { RE2JS } from "re2js";

/**
 * A regular expression engine for JSONata's `RegexEngine` option that matches in linear time:
 * RE2 (the pure-JavaScript port re2js) instead of V8's backtracking engine, so a mapping's
 * regular expression cannot run for seconds on a customer's text. JSONata uses only `lastIndex`
 * and `exec` of the object it builds from each regex literal; this gives both over RE2.
 *
 * RE2 has no lookaround or backreference: such a pattern keeps V8's engine (the budget of
 * isolated evaluation still bounds it). And RE2 differs from JavaScript in details: `\s` is
 * ASCII whitespace only, and `.` stops only at `\n`.
 */
export function LinearRegExp(this: unknown, regex: RegExp): RegExp {
  const compiled = compileCached(regex);
  return compiled ? (new Re2Matcher(compiled, regex) as unknown as RegExp) : new RegExp(regex.source, regex.flags);
}

class Re2Matcher {
  lastIndex = 0;
  readonly source: string;
  readonly flags: string;

  constructor(
    private readonly re2: RE2JS,
    regex: RegExp,
  ) {
    this.source = regex.source;
    this.flags = regex.flags;
  }

  /** As a global RegExp's exec: searches from lastIndex, and moves it to the end of the match. */
  exec(text: string): RegExpExecArray | null {
    const matcher = this.re2.matcher(text);
    if (this.lastIndex > text.length || !matcher.find(this.lastIndex)) {
      this.lastIndex = 0;
      return null;
    }
    const groups: Array<string | undefined> = [matcher.group(0) ?? ""];
    for (let i = 1; i <= matcher.groupCount(); i++) groups.push(matcher.group(i) ?? undefined);
    const result = Object.assign(groups, { index: matcher.start(), input: text }) as unknown as RegExpExecArray;
    this.lastIndex = matcher.end();
    return result;
  }
}

/** JSONata builds the regex anew at each evaluation: compile each pattern once. Null: RE2 cannot take it. */
const cache = new Map<string, RE2JS | null>();
const CACHE_SIZE = 500;

function compileCached(regex: RegExp): RE2JS | null {
  const key = `${regex.flags}/${regex.source}`;
  let compiled = cache.get(key);
  if (compiled === undefined) {
    compiled = compileRe2(regex);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, compiled);
  }
  return compiled;
}

function compileRe2(regex: RegExp): RE2JS | null {
  const flags = (regex.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) | (regex.multiline ? RE2JS.MULTILINE : 0);
  try {
    return RE2JS.compile(RE2JS.translateRegExp(regex.source), flags);
  } catch {
    return null;
  }
}
