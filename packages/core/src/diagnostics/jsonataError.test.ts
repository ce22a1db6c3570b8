import { describe, expect, it } from "vitest";
import { errorOffset } from "./jsonataError";

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
