import { describe, expect, it } from "vitest";
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostic";
import { SourceFile } from "./sourceFile";

const at = (file: string, line: number, column: number, severity: Diagnostic["severity"] = "error"): Diagnostic => ({
  code: "TM_SCHEMA_VIOLATION",
  severity,
  file,
  line,
  column,
  message: `${file}:${line}:${column}`,
});

describe("sortDiagnostics", () => {
  it("orders by file, then line, then column, without changing its input", () => {
    const input = [at("b.yaml", 2, 1), at("a.yaml", 9, 1), at("b.yaml", 1, 9), at("b.yaml", 1, 3), at("a.yaml", 0, 0)];

    expect(sortDiagnostics(input).map((d) => d.message)).toEqual(["a.yaml:0:0", "a.yaml:9:1", "b.yaml:1:3", "b.yaml:1:9", "b.yaml:2:1"]);
    expect(input[0]!.message).toBe("b.yaml:2:1");
  });

  it("orders files as they are loaded (by code unit), not by locale", () => {
    expect(sortDiagnostics([at("a.yaml", 1, 1), at("B.yaml", 1, 1)]).map((d) => d.file)).toEqual(["B.yaml", "a.yaml"]);
  });
});

describe("hasErrors", () => {
  it("is true only when some diagnostic is an error", () => {
    expect(hasErrors([])).toBe(false);
    expect(hasErrors([at("a.yaml", 1, 1, "warning")])).toBe(false);
    expect(hasErrors([at("a.yaml", 1, 1, "warning"), at("a.yaml", 2, 1)])).toBe(true);
  });
});

describe("diagnostic", () => {
  const source = new SourceFile("m.yaml", 'on: order.placed\nfunctions:\n  f: "1"\n');

  it("points at a whole file with line and column 0", () => {
    expect(diagnostic("TM_PATH_NOT_FOUND", "store/mappings", "no such file or directory")).toEqual({
      code: "TM_PATH_NOT_FOUND",
      severity: "error",
      file: "store/mappings",
      line: 0,
      column: 0,
      message: "no such file or directory",
    });
  });

  it("places an offset of a source at its line and column, quotes the line, and takes the catalogue's hint", () => {
    expect(diagnostic("TM_NOT_A_FUNCTION", { source, offset: source.text.indexOf('"1"') }, "functions.f is not a function definition")).toEqual({
      code: "TM_NOT_A_FUNCTION",
      severity: "error",
      file: "m.yaml",
      line: 3,
      column: 6,
      message: "functions.f is not a function definition",
      hint: "write it as function($arg) { ... }",
      sourceLine: '  f: "1"',
    });
  });

  it("keeps the call site's hint, severity and path over the defaults", () => {
    const made = diagnostic("TM_FILE_SKIPPED", { file: "a.yaml", line: 1, column: 1, source }, "skipped", {
      severity: "warning",
      path: "calls/0",
      hint: "a better hint",
    });

    expect(made).toEqual({
      code: "TM_FILE_SKIPPED",
      severity: "warning",
      file: "a.yaml",
      line: 1,
      column: 1,
      message: "skipped",
      path: "calls/0",
      hint: "a better hint",
      sourceLine: "on: order.placed",
    });
  });
});
