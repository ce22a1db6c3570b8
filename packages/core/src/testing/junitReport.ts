import junit from "junit-report-builder";
import { formatDiagnostic } from "../diagnostics/formatDiagnostic";
import type { TestReport } from "./runMappingTests";

/**
 * The report as JUnit XML, for CI: one test suite per test file, one test case per case (its
 * mismatches as the failure), and a file's problems (broken mapping, unreadable fixture) as an error.
 */
export function junitReport(report: TestReport): string {
  const builder = junit.newBuilder().name("trackmap");
  for (const file of report.files) {
    const suite = builder.testSuite().name(file.file);
    for (const testCase of file.cases) {
      const junitCase = suite.testCase().className(file.file).name(testCase.name).file(file.file);
      if (!testCase.passed) {
        const [first] = testCase.mismatches;
        const details = testCase.mismatches.map((m) => (m.diff ? `${m.message}\n${m.diff}` : m.message)).join("\n\n");
        junitCase.failure(first?.message ?? "failed").stacktrace(`${file.file}:${testCase.line}\n${details}`);
      }
    }
    const problems = report.diagnostics.filter((d) => d.severity === "error" && (d.file === file.file || d.file === file.mapping));
    if (problems.length) {
      suite
        .testCase()
        .className(file.file)
        .name("(the test file and its mapping)")
        .error(problems.map((d) => `${d.code} ${d.message}`).join("; "), "TrackmapProblem", problems.map((d) => formatDiagnostic(d)).join("\n\n"));
    }
  }
  return builder.build();
}
