import { type CallType, type JsonObject, type SegmentCall, CALL_TYPES } from "../calls/segmentCall";
import { SourceFile } from "../diagnostics/sourceFile";
import { TrackmapError } from "../diagnostics/trackmapError";
import type { MappingRunError } from "../evaluate";
import { sliceExpression } from "../diagnostics/expressionSource";
import type { MappingSet } from "../compile";
import { createIsolatedMapper, type EvaluationBudget } from "../isolate";
import { type LoadOptions, mapInput } from "../pipeline";
import { matchCalls } from "./matchCalls";
import type { ExpectedCall, MatchMode } from "./readTestFile";

/**
 * The test kit's API for vitest (or any runner): load mappings once, map an input
 * without Medusa or a network, and assert on the calls.
 *
 *     const tester = await createMappingTester({ mappings: ["mappings"] });
 *     const { calls } = await tester.map("order.placed", { order });
 *     await expectCalls(calls, [{ track: { event: "Order Completed" } }]);
 */
export interface MappingTester {
  readonly mappings: MappingSet;
  /**
   * Maps an input (`{ <record name>: record, event?: { data } }`) for an event, in a worker
   * process with a store's budget: a runaway mapping gives TM_EVAL_TIMEOUT or TM_EVAL_MEMORY.
   */
  map(
    eventName: string,
    input: JsonObject,
    options?: { data?: unknown; variables?: Record<string, unknown> },
  ): Promise<{ calls: SegmentCall[]; errors: MappingRunError[] }>;
  /** Stops the worker (an idle one does not keep the process alive). */
  close(): Promise<void>;
}

export async function createMappingTester(
  options: {
    mappings: string | readonly string[];
    redact?: readonly string[];
    /** Host variables, as the plugin passes them (`$reporting`, ...). */
    variables?: Record<string, unknown>;
    /** What one event may cost (default: a store's, DEFAULT_BUDGET). */
    budget?: Partial<EvaluationBudget>;
  } & LoadOptions,
): Promise<MappingTester> {
  const mapper = await createIsolatedMapper({ mappings: options.mappings, limits: options.limits, budget: { poolSize: 1, ...options.budget } });
  const { mappings } = mapper;
  return {
    mappings,
    async map(eventName, input, mapOptions = {}) {
      const mapping = mappings.forEvent(eventName);
      if (!mapping) throw new TrackmapError("TM_NO_MAPPING", `no mapping handles "${eventName}" (handled: ${mappings.events.join(", ")})`);
      const given = { data: mapOptions.data ?? undefined, variables: mapOptions.variables ?? options.variables, redact: options.redact };
      return mapInput(mapping, eventName, input, given, mapper.mapEvent);
    },
    close: () => mapper.close(),
  };
}

/** An expected call as written in code: `{ track: { event: "Order Completed" }, match?, assert? }`. */
export type ExpectedCallSpec = { [K in CallType]?: JsonObject } & { match?: MatchMode; assert?: string | string[] };

/**
 * Asserts that `actual` are exactly the expected calls, in order (partial match by
 * default). Throws an Error listing every mismatch with a diff.
 */
export async function expectCalls(
  actual: readonly SegmentCall[],
  expected: readonly ExpectedCallSpec[],
  options: { match?: MatchMode } = {},
): Promise<void> {
  const normalized: ExpectedCall[] = expected.map((spec, i) => {
    const [call, ...others] = CALL_TYPES.flatMap((type) => {
      const fields = spec[type];
      return fields === undefined ? [] : [{ type, fields }];
    });
    if (!call || others.length) throw new TrackmapError("TM_INVALID_OPTIONS", `expected[${i}] must name exactly one call type`);
    const asserts = ([] as string[]).concat(spec.assert ?? []).map((text, j) => {
      const source = new SourceFile(`expected[${i}].assert[${j}]`, text.replace(/^\s*=/, ""));
      return sliceExpression(source, 0, source.text.length, `assert/${j}`);
    });
    return { ...call, match: spec.match ?? options.match ?? "contains", asserts, line: 0 };
  });
  const mismatches = await matchCalls(actual, normalized);
  if (mismatches.length) {
    const details = mismatches.map((m) => (m.diff ? `${m.message}\n${m.diff}` : m.message)).join("\n\n");
    throw new Error(`The calls differ from the expected ones:\n\n${details}\n\nActual calls:\n${JSON.stringify(actual, null, 2)}`);
  }
}
