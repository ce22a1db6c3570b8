import type jsonata from "jsonata";

/**
 * Visits every node of a JSONata AST (objects with a `type`) with its depth, the root at
 * 1, until `visit` returns true. An explicit stack, not recursion: the tree may be deep.
 */
export function walkAst(ast: object, visit: (node: jsonata.ExprNode, depth: number) => boolean | undefined): void {
  const seen = new Set<object>();
  const pending: Array<[value: object, depth: number]> = [[ast, 0]];
  while (pending.length > 0) {
    const [value, above] = pending.pop()!;
    if (seen.has(value)) continue;
    seen.add(value);
    let depth = above;
    if (!Array.isArray(value) && typeof (value as { type?: unknown }).type === "string") {
      depth = above + 1;
      if (visit(value as jsonata.ExprNode, depth)) return;
    }
    for (const child of Object.values(value)) {
      if (child && typeof child === "object") pending.push([child, depth]);
    }
  }
}
