import { formatTestReport } from "../../testing/formatTestReport";
import { runMappingTests } from "../../testing/runMappingTests";
import type { Output } from "../output";

/** `trackmap test [paths...]`: runs the declarative tests; exit 1 on any failure. */
export async function testCommand(
  paths: string[],
  options: { mappings?: string[]; json?: boolean },
  out: Output,
): Promise<number> {
  const report = await runMappingTests(paths, { mappings: options.mappings, color: out.color });
  if (options.json) out.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else out.stdout(`${formatTestReport(report, { color: out.color })}\n`);
  return report.ok ? 0 : 1;
}
