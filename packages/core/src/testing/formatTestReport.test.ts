import { describe, expect, it } from "vitest";
import { formatTestReport } from "./formatTestReport";
import type { TestReport } from "./runMappingTests";

const track = {
  type: "track" as const,
  event: "Order Completed",
  userId: "cus_1",
  messageId: "tm-1",
  properties: { total: 12.5 },
};

const failing: TestReport = {
  files: [
    {
      file: "mappings/order-placed.test.yaml",
      mapping: "/repo/mappings/order-placed.yaml",
      passed: false,
      cases: [
        { name: "a guest", line: 3, passed: true, mismatches: [], calls: [track], errors: [] },
        {
          name: "a registered customer",
          line: 9,
          passed: false,
          mismatches: [
            { message: 'expected 2 call(s), received 1: track "Order Completed"' },
            {
              index: 0,
              line: 12,
              path: "properties.total",
              message: 'call 0 (track "Order Completed"): properties.total: expected 13, received 12.5',
              diff: '- Expected\n+ Received\n\n-   "total": 13,\n+   "total": 12.5,',
            },
          ],
          calls: [track],
          errors: [],
        },
        { name: "nothing", line: 20, passed: false, mismatches: [{ message: "expected 1 call(s), received 0: none" }], calls: [], errors: [] },
      ],
    },
    {
      file: "mappings/customer-created.test.yaml",
      mapping: "/repo/mappings/customer-created.jsonata",
      passed: true,
      cases: [{ name: "a customer", line: 2, passed: true, mismatches: [], calls: [], errors: [] }],
    },
  ],
  diagnostics: [],
  passed: 2,
  failed: 2,
  ok: false,
};

describe("formatTestReport", () => {
  it("prints a line per file, then each failing case with its mismatches, diffs and actual calls", () => {
    expect(formatTestReport(failing, { full: true })).toBe(
      [
        " FAIL  mappings/order-placed.test.yaml (2 of 3 case(s) failed)",
        " PASS  mappings/customer-created.test.yaml (1 case(s))",
        "",
        "Failures:",
        "",
        "● mappings/order-placed.test.yaml:9 › a registered customer",
        '  expected 2 call(s), received 1: track "Order Completed"',
        '  call 0 (track "Order Completed"): properties.total: expected 13, received 12.5 (mappings/order-placed.test.yaml:12)',
        "    - Expected",
        "    + Received",
        "",
        '    -   "total": 13,',
        '    +   "total": 12.5,',
        "  Actual calls:",
        '    track "Order Completed"  userId=cus_1  messageId=tm-1',
        "      properties: {",
        '        "total": 12.5',
        "      }",
        "",
        "● mappings/order-placed.test.yaml:20 › nothing",
        "  expected 1 call(s), received 0: none",
        "  Actual calls:",
        "    (none)",
        "",
        "2 passed, 2 failed",
      ].join("\n"),
    );
  });

  it("prints the header line of each actual call only, unless full", () => {
    expect(formatTestReport(failing)).toContain(
      ["  Actual calls (--full prints them whole):", '    track "Order Completed"  userId=cus_1  messageId=tm-1', ""].join("\n"),
    );
  });

  it("prints the problems, and marks a file that could not run as failed", () => {
    const report: TestReport = {
      files: [{ file: "m/bad.test.yaml", mapping: "", passed: false, cases: [] }],
      diagnostics: [
        {
          code: "TM_UNKNOWN_KEY",
          severity: "error",
          file: "m/bad.test.yaml",
          line: 2,
          column: 5,
          message: 'unknown key "colour" in cases[0]',
          sourceLine: "    colour: red",
        },
      ],
      passed: 0,
      failed: 0,
      ok: false,
    };

    expect(formatTestReport(report)).toBe(
      [
        " FAIL  m/bad.test.yaml (not run: see Problems)",
        "",
        "Problems:",
        "",
        'm/bad.test.yaml:2:5: error TM_UNKNOWN_KEY unknown key "colour" in cases[0]',
        "2 |     colour: red",
        "        ^",
        "",
        "0 passed, 0 failed",
      ].join("\n"),
    );
  });

  it("starts with the problems when no test file was found", () => {
    const report: TestReport = {
      files: [],
      diagnostics: [{ code: "TM_NO_TESTS", severity: "error", file: "mappings", line: 0, column: 0, message: "no test files (*.test.yaml) found" }],
      passed: 0,
      failed: 0,
      ok: false,
    };

    expect(formatTestReport(report)).toBe(
      ["Problems:", "", "mappings: error TM_NO_TESTS no test files (*.test.yaml) found", "", "0 passed, 0 failed"].join("\n"),
    );
  });

  it("is plain text unless colour is asked for", () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: an ANSI escape (ESC [) is what colour looks like.
    const ansi = /\x1b\[/;
    expect(formatTestReport(failing)).not.toMatch(ansi);
    expect(formatTestReport(failing, { color: true })).toMatch(ansi);
  });
});
