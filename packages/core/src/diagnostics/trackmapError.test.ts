import { describe, expect, it } from "vitest";
import type { Diagnostic } from "./diagnostic";
import { invalidMappingsError, TrackmapError } from "./trackmapError";

describe("invalidMappingsError", () => {
  it("lists the errors (not the warnings) in its message, and keeps every diagnostic", () => {
    const diagnostics: Diagnostic[] = [
      { code: "TM_LOOKS_LIKE_EXPRESSION", severity: "warning", file: "a.yaml", line: 3, column: 9, message: "looks like an expression" },
      { code: "TM_PATH_NOT_FOUND", severity: "error", file: "store", line: 0, column: 0, message: "no such file or directory" },
    ];

    const error = invalidMappingsError(diagnostics);

    expect(error).toBeInstanceOf(TrackmapError);
    expect(error.name).toBe("TrackmapError");
    expect(error.code).toBe("TM_INVALID_MAPPINGS");
    expect(error.message).toBe("1 problem(s) in mapping files:\nstore: error TM_PATH_NOT_FOUND no such file or directory");
    expect(error.diagnostics).toBe(diagnostics);
  });
});
