import { describe, expect, it } from "vitest";
import type { Diagnostic } from "./diagnostic";
import { formatDiagnostic, formatDiagnostics } from "./formatDiagnostic";

const unknownKey: Diagnostic = {
  code: "TM_UNKNOWN_KEY",
  severity: "error",
  file: "mappings/order-placed.yaml",
  line: 6,
  column: 7,
  message: 'unknown key "propertis" in calls[0].track',
  hint: 'did you mean "properties"?',
  sourceLine: "      propertis:",
};

describe("formatDiagnostic", () => {
  it("prints file:line:col, severity, code and message, then the line with a caret, then the hint", () => {
    expect(formatDiagnostic(unknownKey)).toBe(
      [
        'mappings/order-placed.yaml:6:7: error TM_UNKNOWN_KEY unknown key "propertis" in calls[0].track',
        "6 |       propertis:",
        "          ^",
        'hint: did you mean "properties"?',
      ].join("\n"),
    );
  });

  it("keeps tabs under tabs, so the caret lines up", () => {
    const text = formatDiagnostic({ ...unknownKey, line: 12, column: 3, sourceLine: "\t\t$x +;", hint: undefined });

    expect(text.split("\n").slice(1)).toEqual(["12 | \t\t$x +;", "     \t\t^"]);
  });

  it("prints a whole-file problem without position or source line", () => {
    const text = formatDiagnostic({
      code: "TM_PATH_NOT_FOUND",
      severity: "error",
      file: "store/mappings",
      line: 0,
      column: 0,
      message: "no such file or directory",
    });

    expect(text).toBe("store/mappings: error TM_PATH_NOT_FOUND no such file or directory");
  });

  it("prints warnings as warnings, and colours only when asked", () => {
    const warning: Diagnostic = { ...unknownKey, severity: "warning", code: "TM_LOOKS_LIKE_EXPRESSION" };

    expect(formatDiagnostic(warning).split("\n")[0]).toContain(": warning TM_LOOKS_LIKE_EXPRESSION ");
    expect(formatDiagnostic(warning)).not.toContain("\u001b[");
    expect(formatDiagnostic(warning, { color: true })).toContain("\u001b[");
  });

  it("separates several diagnostics with a blank line", () => {
    const second = { ...unknownKey, line: 9, sourceLine: undefined, hint: undefined };

    expect(formatDiagnostics([unknownKey, second]).split("\n\n")).toHaveLength(2);
  });
});
