import pc from "picocolors";
import { formatDiagnostics } from "../diagnostics/formatDiagnostic";
import { formatCall } from "../deliver";
import type { TestReport } from "./runMappingTests";

/**
 * A PASS/FAIL line per test file, then a `Failures:` section with, for each failing
 * case, where it is, every mismatch with its diff, and the calls actually produced.
 */
export function formatTestReport(report: TestReport, options: { color?: boolean; full?: boolean } = {}): string {
  const c = pc.createColors(options.color ?? false);
  const out: string[] = [];
  for (const file of report.files) {
    const failed = file.cases.filter((k) => !k.passed).length;
    const status = file.passed ? c.bgGreen(c.black(" PASS ")) : c.bgRed(c.white(" FAIL "));
    const detail = failed
      ? `${failed} of ${file.cases.length} case(s) failed`
      : !file.passed && file.cases.length === 0
        ? "not run: see Problems"
        : !file.passed
          ? `${file.cases.length} case(s), see Problems`
          : `${file.cases.length} case(s)`;
    out.push(`${status} ${file.file} ${c.dim(`(${detail})`)}`);
  }
  if (report.diagnostics.length) {
    if (out.length) out.push("");
    out.push(c.bold("Problems:"), "", formatDiagnostics(report.diagnostics, options));
  }
  const failing = report.files.flatMap((file) => file.cases.filter((k) => !k.passed).map((k) => ({ file, k })));
  if (failing.length) {
    out.push("", c.bold("Failures:"));
    for (const { file, k } of failing) {
      out.push("", c.red(`● ${file.file}:${k.line} › ${k.name}`));
      for (const mismatch of k.mismatches) {
        const where = mismatch.line ? c.dim(` (${file.file}:${mismatch.line})`) : "";
        out.push(`  ${mismatch.message}${where}`);
        if (mismatch.diff) out.push(indent(mismatch.diff, 4));
      }
      // Whole calls can run to hundreds of lines: a line each, unless --full (--update writes them into the test).
      const whole = k.calls.map((call) => formatCall(call, options).trimEnd());
      const cut = !options.full && whole.some((text) => text.includes("\n"));
      out.push(c.dim(cut ? "  Actual calls (--full prints them whole):" : "  Actual calls:"));
      const printed = cut ? whole.map((text) => text.split("\n")[0] ?? "") : whole;
      out.push(k.calls.length ? indent(printed.join("\n"), 4) : "    (none)");
    }
  }
  const summary = `${report.passed} passed, ${report.failed} failed`;
  out.push("", report.ok ? c.green(summary) : c.red(summary));
  return out.join("\n");
}

function indent(text: string, spaces: number): string {
  const pad = " ".repeat(spaces);
  return text
    .split("\n")
    .map((line) => (line ? pad + line : line))
    .join("\n");
}
