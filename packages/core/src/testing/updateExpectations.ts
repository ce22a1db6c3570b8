import { readFile, writeFile } from "node:fs/promises";
import { isMap, isSeq, parseDocument, type Document, type YAMLMap } from "yaml";
import type { SegmentCall } from "../calls/segmentCall";
import { SourceFile } from "../diagnostics/sourceFile";
import type { CaseResult, TestReport } from "./runMappingTests";

/** Fields that change on every run: never written into an expectation. */
const VOLATILE_FIELDS = new Set(["messageId", "timestamp", "type"]);

export interface UpdateSummary {
  /** Test files written. */
  files: string[];
  /** Cases whose expectations were rewritten. */
  cases: number;
  /** Failing cases left as they were: they fail for a reason other than the calls (a mapping error, an assert). */
  skipped: Array<{ file: string; name: string; reason: string }>;
}

/**
 * Writes the calls each failing case actually produced into its `expect:`, through yaml's Document
 * API so that comments and layout stay where they can: a case whose calls match in number gets only
 * its differing paths set; one with another number of calls gets its list replaced.
 */
export async function updateExpectations(report: TestReport): Promise<UpdateSummary> {
  const summary: UpdateSummary = { files: [], cases: 0, skipped: [] };
  for (const file of report.files) {
    const failing = file.cases.filter((testCase) => !testCase.passed);
    if (failing.length === 0) continue;
    const text = await readFile(file.file, "utf8");
    const doc = parseDocument(text);
    const source = new SourceFile(file.file, text);
    let changed = false;
    for (const testCase of failing) {
      const reason = whyNotUpdatable(testCase);
      const node = reason ? undefined : caseNode(doc, source, testCase.line);
      if (reason || !node) {
        summary.skipped.push({ file: file.file, name: testCase.name, reason: reason ?? "its case was not found in the file" });
        continue;
      }
      updateCase(doc, node, testCase);
      summary.cases++;
      changed = true;
    }
    if (changed) {
      await writeFile(file.file, doc.toString({ lineWidth: 0 }));
      summary.files.push(file.file);
    }
  }
  return summary;
}

function whyNotUpdatable(testCase: CaseResult): string | undefined {
  const other = testCase.mismatches.find((m) => m.differences === undefined && !/^expected \d+ call\(s\), received \d+/.test(m.message));
  return other ? other.message : undefined;
}

function updateCase(doc: Document, node: YAMLMap, testCase: CaseResult): void {
  const expect = node.get("expect", true);
  const counted = testCase.mismatches.some((m) => m.differences === undefined);
  const typeChanged = testCase.mismatches.some((m) => m.differences?.some((d) => d.path[0] === "type"));
  if (counted || typeChanged || !isSeq(expect)) {
    node.set("expect", doc.createNode(testCase.calls.map(expectedCall)));
    return;
  }
  for (const mismatch of testCase.mismatches) {
    const call = mismatch.index === undefined ? undefined : testCase.calls[mismatch.index];
    if (!call || !mismatch.differences) continue;
    const at = ["expect", mismatch.index as number, call.type];
    for (const difference of mismatch.differences) {
      const path = [...at, ...difference.path];
      if ("received" in difference) node.setIn(path, doc.createNode(difference.received));
      else node.deleteIn(path);
    }
  }
}

/** An actual call as a test file expects it: `{ track: { event, properties, ... } }`, without what changes on every run. */
function expectedCall(call: SegmentCall): Record<string, unknown> {
  const fields = Object.fromEntries(Object.entries(call).filter(([key]) => !VOLATILE_FIELDS.has(key)));
  return { [call.type]: fields };
}

/** The map of the case that starts on `line` (cases: [...] of the test file). */
function caseNode(doc: Document, source: SourceFile, line: number): YAMLMap | undefined {
  const cases = doc.get("cases", true);
  if (!isSeq(cases)) return undefined;
  return cases.items.find((item): item is YAMLMap => isMap(item) && item.range != null && source.position(item.range[0]).line === line);
}
