import { describe, expect, it } from "vitest";
import { SourceFile } from "./sourceFile";

describe("SourceFile", () => {
  const file = new SourceFile("m.yaml", "on: order.placed\ncalls:\n  - track: {}\n");

  it("turns an offset into a 1-based line and column", () => {
    expect(file.position(0)).toEqual({ line: 1, column: 1 });
    expect(file.position(4)).toEqual({ line: 1, column: 5 });
    expect(file.position(17)).toEqual({ line: 2, column: 1 });
    expect(file.position(file.text.indexOf("track"))).toEqual({ line: 3, column: 5 });
  });

  it("clamps offsets outside the text", () => {
    expect(file.position(-5)).toEqual({ line: 1, column: 1 });
    expect(file.position(10_000)).toEqual({ line: 4, column: 1 });
  });

  it("gives the text of a line without its line break, CRLF included", () => {
    const crlf = new SourceFile("m.yaml", "on: a\r\ncalls: []\r\n");

    expect(file.lineText(3)).toBe("  - track: {}");
    expect(crlf.lineText(1)).toBe("on: a");
    expect(crlf.position(crlf.text.indexOf("calls"))).toEqual({ line: 2, column: 1 });
    expect(file.lineText(99)).toBe("");
  });
});
