import { access } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { isMap, isSeq, type Document, type Node, type YAMLMap } from "yaml";
import { CALL_TYPES, type CallType, type JsonObject } from "../calls/segmentCall";
import { diagnostic, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic";
import type { ExpressionSource } from "../diagnostics/expressionSource";
import { nodeAt } from "../diagnostics/yamlNodes";
import { itemAt } from "../shared/itemAt";
import type { SourceFile } from "../diagnostics/sourceFile";
import { checkAgainstSchema, describeFileProblem, expressionOfScalar, parseExpression, readObjectFile, readYamlFile } from "../load";
import { testFileSchema } from "./testFileSchema";

// TYPES

export type MatchMode = "equals" | "contains";

export interface ExpectedCall {
  type: CallType;
  fields: JsonObject;
  match: MatchMode;
  /** JSONata predicates that must hold on the actual call. */
  asserts: ExpressionSource[];
  line: number;
}

export interface TestCase {
  name: string;
  line: number;
  /** The event name, when the case gives one (else the mapping's first event). */
  event?: string;
  data?: unknown;
  /** The input object: records by name, and optionally `event`. */
  input: JsonObject;
  expect: ExpectedCall[];
  /** Mapping error codes the case expects. */
  errors: string[];
  /** Host variables for the case (`$name` in expressions). */
  variables?: Record<string, unknown>;
}

export interface TestSuite {
  /** The test file, as given. */
  file: string;
  /** Absolute path of the mapping under test. */
  mappingPath: string;
  cases: TestCase[];
}

// READING

export interface ReadTestFileResult {
  /** Absent when the file is too broken to run. */
  suite?: TestSuite;
  diagnostics: Diagnostic[];
  /** True when the path is no regular file (a FIFO, a device) and was not read at all. */
  skipped?: boolean;
}

/** Reads a `*.test.yaml` file and the fixtures it names; problems come back as diagnostics. */
export async function readTestFile(path: string): Promise<ReadTestFileResult> {
  const read = await readYamlFile(path);
  if ("diagnostics" in read) return read;
  const { source, doc } = read;
  const data = read.value as { mapping?: string; cases?: RawCase[] } | null;
  // An empty expected call is reported by checkOneTypePerCall, which names the call types.
  const isEmptyExpectedCall = (d: Diagnostic) => /^cases\/\d+\/expect\/\d+$/.test(d.path ?? "") && d.message.endsWith("fewer than 1 properties");
  const diagnostics = checkAgainstSchema(testFileSchema, data, doc, source).filter((d) => !isEmptyExpectedCall(d));
  diagnostics.push(...checkOneTypePerCall(doc, source));
  if (diagnostics.length) return { diagnostics: sortDiagnostics(diagnostics) };

  const mappingPath = data?.mapping ? resolve(dirname(path), data.mapping) : await findPairedMapping(path);
  const cases: TestCase[] = [];
  const caseNodes = doc.get("cases", true) as Extract<Node, { items: unknown[] }>;
  for (const [index, node] of (caseNodes.items as YAMLMap[]).entries()) {
    const testCase = await readCase(node, itemAt(data!.cases!, index), index, doc, source, diagnostics);
    if (testCase) cases.push(testCase);
  }
  return { suite: { file: path, mappingPath, cases }, diagnostics: sortDiagnostics(diagnostics) };
}

/** A case as written, its aliases (`*name`) resolved to what their anchors hold. */
interface RawCase {
  name: string;
  event?: string;
  data?: unknown;
  input: string | JsonObject;
  match?: MatchMode;
  errors?: string[];
  variables?: Record<string, unknown>;
  expect: Array<Record<string, unknown>>;
}

async function readCase(
  node: YAMLMap,
  raw: RawCase,
  index: number,
  doc: Document,
  source: SourceFile,
  diagnostics: Diagnostic[],
): Promise<TestCase | undefined> {
  const caseMatch = raw.match ?? "contains";
  const line = lineOf(node, source);
  let input: JsonObject;
  if (typeof raw.input === "string") {
    const fixture = await readFixture(resolve(dirname(source.path), raw.input));
    if ("error" in fixture) {
      diagnostics.push(
        diagnostic("TM_FIXTURE_UNREADABLE", { source, node: nodeAt(doc, ["cases", index, "input"]) }, `input ${raw.input}: ${fixture.error}`),
      );
      return undefined;
    }
    input = fixture.value;
  } else {
    input = raw.input;
  }

  const expect: ExpectedCall[] = [];
  const expectNode = node.get("expect", true);
  for (const [i, item] of (isSeq(expectNode) ? expectNode.items : []).entries()) {
    const map = item as YAMLMap;
    const type = CALL_TYPES.find((t) => map.has(t))!;
    const assertNode = map.get("assert", true);
    const assertNodes = isSeq(assertNode) ? assertNode.items : assertNode ? [assertNode] : [];
    const asserts: ExpressionSource[] = [];
    for (const [j, n] of (assertNodes as Node[]).entries()) {
      const assert = expressionOfScalar(n, `cases/${index}/expect/${i}/assert/${j}`, source);
      const { diagnostic: problem } = parseExpression(assert);
      // A broken assert is reported here, once, and not run.
      if (problem) diagnostics.push(problem);
      else asserts.push(assert);
    }
    const fields = (itemAt(raw.expect, i)[type] as JsonObject | null | undefined) ?? {};
    expect.push({ type, fields, match: (map.get("match") as MatchMode) ?? caseMatch, asserts, line: lineOf(map, source) });
  }
  return { name: raw.name, line, event: raw.event, data: raw.data, input, expect, errors: raw.errors ?? [], variables: raw.variables };
}

/** A fixture file: the input object as JSON or YAML. */
async function readFixture(path: string): Promise<{ value: JsonObject } | { error: string }> {
  const read = await readObjectFile(path);
  if ("value" in read) return read;
  if (read.problem === "unreadable") return { error: `cannot read ${path} (${read.reason})` };
  if (read.problem === "not-regular" || read.problem === "too-large") return { error: `${path} is not read: ${describeFileProblem(read)}` };
  if (read.problem === "invalid") return { error: `invalid ${read.format}: ${read.reason}` };
  return { error: "the fixture must hold an object" };
}

/** An expected call names exactly one call type. */
function checkOneTypePerCall(doc: Document, source: SourceFile): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const cases = doc.get("cases", true);
  if (!isSeq(cases)) return problems;
  cases.items.forEach((testCase, c) => {
    const expectNode = isMap(testCase) ? testCase.get("expect", true) : undefined;
    if (!isSeq(expectNode)) return;
    expectNode.items.forEach((item, i) => {
      if (!isMap(item)) return;
      const types = CALL_TYPES.filter((t) => item.has(t));
      if (types.length !== 1) {
        const message =
          types.length === 0
            ? `cases[${c}].expect[${i}] names no call type (one of ${CALL_TYPES.join(", ")})`
            : `cases[${c}].expect[${i}] names ${types.join(" and ")}: one call per item`;
        problems.push(diagnostic("TM_SCHEMA_VIOLATION", { source, node: item }, message));
      }
    });
  });
  return problems;
}

// HELPERS

function lineOf(node: Node, source: SourceFile): number {
  return source.position(node.range?.[0] ?? 0).line;
}

/** The mapping a test file pairs with by name: `x.test.yaml` tests `x.yaml`, `x.yml` or `x.jsonata`. */
async function findPairedMapping(testPath: string): Promise<string> {
  const stem = join(dirname(testPath), basename(testPath).replace(/\.test\.ya?ml$/, ""));
  for (const extension of [".yaml", ".yml", ".jsonata"]) {
    if (
      await access(stem + extension).then(
        () => true,
        () => false,
      )
    )
      return resolve(stem + extension);
  }
  return resolve(`${stem}.yaml`);
}
