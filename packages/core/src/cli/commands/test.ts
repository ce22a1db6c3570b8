import { writeFile } from "node:fs/promises";
import { MappingRunError } from "../../evaluate";
import { formatTestReport } from "../../testing/formatTestReport";
import { junitReport } from "../../testing/junitReport";
import { runMappingTests, type TestReport } from "../../testing/runMappingTests";
import { updateExpectations } from "../../testing/updateExpectations";
import { UsageError, type Output } from "../output";
import type { StoreContext } from "../storeContext";

export const REPORTERS = ["pretty", "json", "junit"] as const;
export type Reporter = (typeof REPORTERS)[number];

export interface TestOptions {
  /** Folders or test files whose tests run. */
  testPaths: string[];
  reporter: Reporter;
  /** Where the json or junit report goes (default: stdout). */
  outputFile?: string;
  filter?: string;
  update?: boolean;
  full?: boolean;
  requireTests?: boolean;
  budgetMs?: number;
}

/**
 * `trackmap test [paths...]`: runs the declarative tests over the store's layered mappings; exit 1 on
 * any failure. With --update, failing cases get the actual calls as expectations, then run again.
 */
export async function testCommand(context: StoreContext, options: TestOptions, out: Output): Promise<number> {
  if (options.outputFile && options.reporter === "pretty") throw new UsageError("--output-file needs --reporter json or junit");
  const run = () =>
    runMappingTests(options.testPaths, {
      mappings: context.layers,
      color: out.color,
      full: options.full,
      filter: options.filter,
      untested: options.requireTests ? "error" : "warning",
      budget: { budgetMs: options.budgetMs },
    });
  let report = await run();
  if (options.update && report.failed > 0) {
    const updated = await updateExpectations(report);
    out.stderr(`updated ${updated.cases} case(s) in ${updated.files.length} file(s)\n`);
    for (const skipped of updated.skipped) out.stderr(`not updated: ${skipped.file} › ${skipped.name}: ${skipped.reason}\n`);
    report = await run();
  }
  await print(report, options, out);
  return report.ok ? 0 : 1;
}

async function print(report: TestReport, options: TestOptions, out: Output): Promise<void> {
  const text =
    options.reporter === "json"
      ? JSON.stringify(report, withErrorMessages, 2)
      : options.reporter === "junit"
        ? junitReport(report)
        : formatTestReport(report, { color: out.color, full: options.full });
  if (!options.outputFile) {
    out.stdout(`${text}\n`);
    return;
  }
  await writeFile(options.outputFile, `${text}\n`);
  // The file is for the machine; the terminal still gets the summary line.
  out.stdout(`${report.passed} passed, ${report.failed} failed; ${options.reporter} report written to ${options.outputFile}\n`);
}

/** Errors have no enumerable `message`: without this, the JSON report would lose what each mapping error says. */
function withErrorMessages(_key: string, value: unknown): unknown {
  if (!(value instanceof MappingRunError)) return value;
  return { code: value.code, message: value.message, details: value.details };
}
