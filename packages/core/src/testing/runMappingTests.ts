import { stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { SegmentCall } from "../calls/segmentCall";
import type { CompiledMapping, EvaluationLimits } from "../compile";
import { type Diagnostic, diagnostic, hasErrors, type Severity, sortDiagnostics } from "../diagnostics/diagnostic";
import { isInside } from "../shared/isInside";
import { itemAt } from "../shared/itemAt";
import type { MappingRunError } from "../evaluate";
import { findFiles, isTestFile } from "../load";
import { createIsolatedMapper, type EvaluationBudget, type IsolatedMapper } from "../isolate";
import { type EventMapper, loadMappings, type LoadResult, mapInput } from "../pipeline";
import { matchCalls, type CallMismatch } from "./matchCalls";
import { readTestFile, type TestCase } from "./readTestFile";
import { untestedMappings } from "./untestedMappings";
import { loadTrackingPlan, type TrackingPlan } from "./trackingPlan";

// TYPES

export interface RunTestsOptions {
  /** Mapping roots (as for `loadMappings`). Default: the folders of the test paths. */
  mappings?: readonly string[];
  /** Keys redacted from calls, as the plugin would. */
  redact?: readonly string[];
  /** Colour in diffs. */
  color?: boolean;
  /** Whole line diffs of the calls, instead of the differing paths only. */
  full?: boolean;
  /** Only the cases whose name contains this text (files without such a case are left out). */
  filter?: string;
  /** Report the mappings under the test paths that have no test file, as warnings or errors. */
  untested?: Severity;
  /** Evaluation limits of the mappings and of the `assert` predicates (default: DEFAULT_LIMITS). */
  limits?: Partial<EvaluationLimits>;
  /**
   * What one case's event may cost, as in a store: cases are mapped in a worker process, so a
   * runaway mapping fails its case with TM_EVAL_TIMEOUT or TM_EVAL_MEMORY instead of hanging the run.
   */
  budget?: Partial<EvaluationBudget>;
}

export interface CaseResult {
  name: string;
  line: number;
  passed: boolean;
  mismatches: CallMismatch[];
  /** The calls the mapping actually produced, always reported. */
  calls: SegmentCall[];
  errors: MappingRunError[];
}

export interface TestFileResult {
  file: string;
  /** The mapping under test (absolute path); empty when the test file could not be read. */
  mapping: string;
  /** False when a case failed, or when the file or its mapping has problems (see the report's diagnostics). */
  passed: boolean;
  /** The cases run; none when the file or its mapping is broken. */
  cases: CaseResult[];
}

export interface TestReport {
  files: TestFileResult[];
  /** Problems in mapping files, test files, fixtures or the tracking plan. */
  diagnostics: Diagnostic[];
  passed: number;
  failed: number;
  /** True when every case passed and nothing was broken. */
  ok: boolean;
}

// RUNNER

/**
 * Runs the `*.test.yaml` files found under `paths` against the mappings they pair with.
 * Returns data only; `formatTestReport` prints it.
 */
export async function runMappingTests(paths: readonly string[], options: RunTestsOptions = {}): Promise<TestReport> {
  const diagnostics: Diagnostic[] = [];
  const testFiles: string[] = [];
  for (const path of paths) {
    const found = await findFiles(path, isTestFile);
    if (!found) diagnostics.push(diagnostic("TM_PATH_NOT_FOUND", path, "no such file or directory"));
    else {
      testFiles.push(...found.files);
      diagnostics.push(...found.problems);
    }
  }
  if (testFiles.length === 0 && diagnostics.length === 0) {
    diagnostics.push(diagnostic("TM_NO_TESTS", paths.join(", "), "no test files (*.test.yaml) found"));
  }

  const roots = options.mappings ?? (await Promise.all(paths.map(folderOf)));
  const loaded = await loadMappings(roots, { limits: options.limits });
  // A missing test path is already reported above; loading it as a root says so a second time.
  const reported = (d: Diagnostic) => d.code === "TM_PATH_NOT_FOUND" && diagnostics.some((p) => p.code === d.code && samePath(p.file, d.file));
  diagnostics.push(...loaded.diagnostics.filter((d) => d.severity === "error" && !reported(d)));
  const { plan, diagnostics: planProblems } = await loadTrackingPlan(roots);
  diagnostics.push(...planProblems);

  // One worker: cases run one after another.
  const mapper = await createIsolatedMapper({ mappings: roots, limits: options.limits, budget: { poolSize: 1, ...options.budget }, loaded });
  try {
    const files = await runTestFiles(testFiles, loaded, plan, mapper, diagnostics, options);
    if (options.untested) {
      const underTest = loaded.files.filter((file) => isInside(file, paths));
      diagnostics.push(...untestedMappings(loaded, underTest, files.map((f) => f.mapping).filter(Boolean), options.untested));
    }
    const allCases = files.flatMap((f) => f.cases);
    const passed = allCases.filter((c) => c.passed).length;
    return {
      files,
      diagnostics: sortDiagnostics(diagnostics),
      passed,
      failed: allCases.length - passed,
      ok: passed === allCases.length && !hasErrors(diagnostics),
    };
  } finally {
    await mapper.close();
  }
}

async function runTestFiles(
  testFiles: readonly string[],
  loaded: LoadResult,
  plan: TrackingPlan,
  mapper: IsolatedMapper,
  diagnostics: Diagnostic[],
  options: RunTestsOptions,
): Promise<TestFileResult[]> {
  const files: TestFileResult[] = [];
  for (const testFile of testFiles) {
    const { suite, diagnostics: suiteProblems, skipped } = await readTestFile(testFile);
    diagnostics.push(...suiteProblems);
    if (!suite) {
      // A FIFO or device named like a test is no test file: its warning says so.
      if (!skipped) files.push({ file: testFile, mapping: "", passed: false, cases: [] });
      continue;
    }
    const mapping = loaded.mappings.forFile(suite.mappingPath);
    if (!mapping) {
      // A mapping that was read but not compiled has its own diagnostics already.
      if (!loaded.files.some((f) => samePath(f, suite.mappingPath))) {
        diagnostics.push(diagnostic("TM_TEST_MAPPING_NOT_FOUND", testFile, `the mapping under test, ${suite.mappingPath}, was not loaded`));
      }
      files.push({ file: testFile, mapping: suite.mappingPath, passed: false, cases: [] });
      continue;
    }
    const selected = suite.cases.filter((testCase) => options.filter === undefined || testCase.name.includes(options.filter));
    if (selected.length === 0 && options.filter !== undefined) continue;
    const cases: CaseResult[] = [];
    for (const testCase of selected) cases.push(await runTestCase(testCase, mapping, plan, mapper.mapEvent, options));
    const passed = cases.every((c) => c.passed) && !hasErrors(suiteProblems);
    files.push({ file: testFile, mapping: mapping.file.path, passed, cases });
  }
  return files;
}

/** One case against a mapping: its calls matched with the expectations and checked against the tracking plan. */
export async function runTestCase(
  testCase: TestCase,
  mapping: CompiledMapping,
  plan: TrackingPlan,
  map: EventMapper,
  options: Pick<RunTestsOptions, "redact" | "color" | "full" | "limits">,
): Promise<CaseResult> {
  // A mapping handles at least one event (the schema says so): a case without `event` runs the first.
  const mapOptions = { data: testCase.data ?? undefined, variables: testCase.variables, redact: options.redact };
  const { calls, errors } = await mapInput(mapping, testCase.event ?? itemAt(mapping.on, 0), testCase.input, mapOptions, map);
  const mismatches = await matchCalls(calls, testCase.expect, { color: options.color, full: options.full, limits: options.limits });

  calls.forEach((call, index) => {
    for (const message of plan.check(call)) mismatches.push({ index, message: `call ${index}: ${message}` });
  });
  const expectedCodes = new Set(testCase.errors);
  for (const error of errors) {
    if (!expectedCodes.has(error.code)) mismatches.push({ message: `mapping error: ${error.message}` });
  }
  for (const code of expectedCodes) {
    if (!errors.some((e) => e.code === code)) mismatches.push({ message: `expected a mapping error ${code}, none was raised` });
  }
  return { name: testCase.name, line: testCase.line, passed: mismatches.length === 0, mismatches, calls, errors };
}

// HELPERS

async function folderOf(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  return info && !info.isDirectory() ? dirname(path) : path;
}

function samePath(a: string, b: string): boolean {
  return resolve(a) === resolve(b);
}
