import { walkAst } from "../shared/walkAst";

/**
 * How deeply one expression may nest: brackets inside brackets, operators on operators
 * (`1+1+1…` nests one level per `+`). JSONata parses and evaluates recursively, so a
 * few thousand levels overflow the call stack; real expressions nest a dozen or so.
 * 200 also stays well inside the evaluation depth limit (500 by default).
 */
export const MAX_EXPRESSION_DEPTH = 200;

/**
 * Offset of the first bracket (`(`, `[`, `{`) nested deeper than MAX_EXPRESSION_DEPTH,
 * found without parsing (the parser would overflow on it). Brackets inside strings,
 * quoted names and comments do not count.
 */
export function tooDeepBracket(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"' || char === "'" || char === "`") {
      i = endOfQuoted(text, i);
    } else if (char === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (char === "(" || char === "[" || char === "{") {
      if (++depth > MAX_EXPRESSION_DEPTH) return i;
    } else if (char === ")" || char === "]" || char === "}") {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/** Offset of the quote that closes the one at `start` (backslash escapes in strings). */
function endOfQuoted(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\" && quote !== "`") i++;
    else if (text[i] === quote) return i;
  }
  return text.length;
}

/** Depth of a parsed expression, counted in nodes. */
export function expressionDepth(ast: object): number {
  let deepest = 0;
  walkAst(ast, (_node, depth) => {
    deepest = Math.max(deepest, depth);
    return false;
  });
  return deepest;
}
