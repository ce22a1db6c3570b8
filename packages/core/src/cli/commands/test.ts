import { MappingRunError } from "../../evaluate";
import { formatTestReport } from "../../testing/formatTestReport";
import { runMappingTests } from "../../testing/runMappingTests";
import type { Output } from "../output";

/** `trackmap test [paths...]`: runs the declarative tests; exit 1 on any failure. */
export async function testCommand(
  paths: string[],
  options: { mappings?: string[]; json?: boolean; budgetMs?: number },
  out: Output,
): Promise<number> {
  const report = await runMappingTests(paths, { mappings: options.mappings, color: out.color, budget: { budgetMs: options.budgetMs } });
  if (options.json) out.stdout(`${JSON.stringify(report, withErrorMessages, 2)}\n`);
  else out.stdout(`${formatTestReport(report, { color: out.color })}\n`);
  return report.ok ? 0 : 1;
}

/** Errors have no enumerable `message`: without this, the JSON report would lose what each mapping error says. */
function withErrorMessages(_key: string, value: unknown): unknown {
  if (!(value instanceof MappingRunError)) return value;
  return { code: value.code, message: value.message, details: value.details };
}
