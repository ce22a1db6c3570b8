import jsonata from "jsonata";
import type { SegmentCall } from "../calls/segmentCall";
import { BUILTIN_FUNCTIONS, isTruthy } from "../evaluate";
import { resolveLimits, type EvaluationLimits } from "../compile";
import { itemAt } from "../shared/itemAt";
import { type Difference, differences, formatDifferences } from "./compactDiff";
import { diffValues } from "./diffValues";
import type { ExpectedCall, MatchMode } from "./readTestFile";

/** One way the actual calls differ from the expected ones. */
export interface CallMismatch {
  /** Index of the call, when the mismatch concerns one call. */
  index?: number;
  /** Line of the expected call in the test file. */
  line?: number;
  /** Path of the first difference, e.g. `properties.products[1].price`. */
  path?: string;
  message: string;
  /** Expected vs received, as a readable diff. */
  diff?: string;
  /** Every differing path of the call, for `trackmap test --update`. */
  differences?: Difference[];
}

/** Fields that change on every run and are ignored unless the expected call pins them. */
const VOLATILE_FIELDS = ["messageId", "timestamp"];

/**
 * Compares actual calls with expected ones: the count strictly, then each pair in order
 * (exact or partial match, plus JSONata predicates). Every mismatch is reported.
 */
export interface MatchOptions {
  /** Colour in diffs. */
  color?: boolean;
  /** The whole expected and received calls as a line diff, instead of the differing paths only. */
  full?: boolean;
  /** Limits of each `assert` (default: those of mappings), so a runaway predicate fails instead of hanging. */
  limits?: Partial<EvaluationLimits>;
}

export async function matchCalls(
  actual: readonly SegmentCall[],
  expected: readonly ExpectedCall[],
  options: MatchOptions = {},
): Promise<CallMismatch[]> {
  const mismatches: CallMismatch[] = [];
  if (actual.length !== expected.length) {
    mismatches.push({
      message: `expected ${expected.length} call(s), received ${actual.length}: ${actual.map(describeCall).join(", ") || "none"}`,
    });
  }
  const pairs = Math.min(actual.length, expected.length);
  for (let index = 0; index < pairs; index++) {
    mismatches.push(...(await matchCall(itemAt(actual, index), itemAt(expected, index), index, options)));
  }
  return mismatches;
}

async function matchCall(actual: SegmentCall, expected: ExpectedCall, index: number, options: MatchOptions): Promise<CallMismatch[]> {
  const where = { index, line: expected.line };
  const label = `call ${index} (${describeCall(actual)})`;
  const mismatches: CallMismatch[] = [];
  const want = { type: expected.type, ...expected.fields };
  const got = project(actual as unknown as Record<string, unknown>, want, expected.match);
  const difference = firstDifference(want, got, expected.match, "");
  if (difference) {
    const found = differences(want, got, expected.match === "equals");
    mismatches.push({
      ...where,
      path: difference.path,
      message: `${label}: ${difference.path || "the call"}: ${difference.message}`,
      diff: options.full ? diffValues(want, got, { color: options.color }) : formatDifferences(found, { color: options.color }),
      differences: found,
    });
  }
  const limits = resolveLimits(options.limits);
  for (const assert of expected.asserts) {
    let result: unknown;
    try {
      const expression = jsonata(assert.text, { timeout: limits.timeoutMs, stack: limits.maxDepth });
      result = await expression.evaluate(actual, { ...BUILTIN_FUNCTIONS });
    } catch (error) {
      mismatches.push({ ...where, message: `${label}: assert "${assert.text.trim()}" failed to run: ${(error as Error).message}` });
      continue;
    }
    if (!isTruthy(result)) {
      mismatches.push({ ...where, message: `${label}: assert "${assert.text.trim()}" is false (gave ${JSON.stringify(result)})` });
    }
  }
  return mismatches;
}

// COMPARISON

/** The parts of the actual call that the comparison looks at. */
function project(actual: Record<string, unknown>, expected: Record<string, unknown>, mode: MatchMode): unknown {
  if (mode === "contains") return projectLike(actual, expected);
  const copy = { ...actual };
  for (const field of VOLATILE_FIELDS) if (!(field in expected)) delete copy[field];
  return copy;
}

/** Keeps only the keys the expected value has, at every depth, so diffs show what matters. */
function projectLike(actual: unknown, expected: unknown): unknown {
  if (Array.isArray(actual) && Array.isArray(expected)) {
    return actual.map((item, i) => (i < expected.length ? projectLike(item, expected[i]) : item));
  }
  if (isObject(actual) && isObject(expected)) {
    return Object.fromEntries(
      Object.keys(expected)
        .filter((k) => k in actual)
        .map((k) => [k, projectLike(actual[k], expected[k])]),
    );
  }
  return actual;
}

function firstDifference(expected: unknown, actual: unknown, mode: MatchMode, path: string): { path: string; message: string } | undefined {
  if (isObject(expected) && isObject(actual)) {
    for (const key of Object.keys(expected)) {
      const child = path ? `${path}.${key}` : key;
      if (!(key in actual)) return { path: child, message: `missing (expected ${JSON.stringify(expected[key])})` };
      const found = firstDifference(expected[key], actual[key], mode, child);
      if (found) return found;
    }
    if (mode === "equals") {
      const extra = Object.keys(actual).find((key) => !(key in expected));
      if (extra) return { path: path ? `${path}.${extra}` : extra, message: `not expected (received ${JSON.stringify(actual[extra])})` };
    }
    return undefined;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) {
      return { path, message: `expected ${expected.length} item(s), received ${actual.length}` };
    }
    for (let i = 0; i < expected.length; i++) {
      const found = firstDifference(expected[i], actual[i], mode, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  // `===` and not Object.is: JSON has no -0, so a computed -0 equals an expected 0.
  if (expected === actual || (Number.isNaN(expected) && Number.isNaN(actual))) return undefined;
  return { path, message: `expected ${JSON.stringify(expected)}, received ${JSON.stringify(actual)}` };
}

// HELPERS

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeCall(call: SegmentCall): string {
  return call.type === "track" ? `track "${call.event}"` : call.type;
}
