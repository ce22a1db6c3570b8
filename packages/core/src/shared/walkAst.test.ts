import jsonata from "jsonata";
import { describe, expect, it } from "vitest";
import { expressionDepth } from "../load/expressionDepth";
import { walkAst } from "./walkAst";

describe("walkAst", () => {
  it("visits each node with its depth, the root at 1", () => {
    const visited: string[] = [];

    walkAst(jsonata("$a + $b * $c").ast(), (node, depth) => void visited.push(`${depth} ${node.type} ${node.value}`));

    expect(visited.sort()).toEqual(["1 binary +", "2 binary *", "2 variable a", "3 variable b", "3 variable c"]);
  });

  it("stops at the first node the visitor returns true for", () => {
    let visits = 0;

    walkAst(jsonata("function($x) { $x + 1 }").ast(), (node) => {
      visits++;
      return node.type === "lambda";
    });

    expect(visits).toBe(1);
  });

  it("measures a tree 100,000 levels deep without overflowing the call stack", () => {
    let tree: object = { type: "number", value: 1 };
    for (let i = 1; i < 100_000; i++) tree = { type: "block", expressions: [tree] };

    expect(expressionDepth(tree)).toBe(100_000);
  });
});
