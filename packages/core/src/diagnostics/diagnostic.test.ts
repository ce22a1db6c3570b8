import { describe, expect, it } from "vitest";
import { hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostic";

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

    expect(sortDiagnostics(input).map((d) => d.message)).toEqual([
      "a.yaml:0:0",
      "a.yaml:9:1",
      "b.yaml:1:3",
      "b.yaml:1:9",
      "b.yaml:2:1",
    ]);
    expect(input[0].message).toBe("b.yaml:2:1");
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
