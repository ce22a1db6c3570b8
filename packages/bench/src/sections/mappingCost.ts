import { isDeepStrictEqual } from "node:util";
import jsonata from "jsonata";
import { BUILTIN_FUNCTIONS, compileExpression, DEFAULT_LIMITS, evaluateMapping, loadMappings, prepareCalls, type CompiledCall } from "@trackmap/core";
import { mapOrderPlacedByHand } from "../handwritten/orderPlaced";
import { MAPPINGS, orderWithLines, projectFields } from "../fixtures";
import { format, longestBlock, table, time, type Timing } from "../measure";

export interface MappingCostRow {
  lines: number;
  trackmap: Timing;
  /** The same programs through trackmap's compiler (compileExpression), with the same limits. */
  compiled: Timing;
  /** The same JSONata, compiled once, with trackmap's time and depth limits. */
  jsonata: Timing;
  /** The same JSONata without limits (JSONata's default). */
  jsonataUnlimited: Timing;
  handwritten: Timing;
  longestBlock: number;
}

/**
 * The default Order Completed mapping (order.placed: Order Completed + identify) on orders of
 * 3, 20 and 200 lines: trackmap as the plugin runs it per event (evaluate, normalise, messageIds,
 * redact, validate) vs the same programs evaluated directly, compiled by trackmap's compiler and
 * on jsonata's evaluator, vs hand-written TypeScript. All must give the same calls.
 */
export async function benchMappingCost(): Promise<{ rows: MappingCostRow[]; markdown: string }> {
  const { mappings } = await loadMappings(MAPPINGS);
  const mapping = mappings.forEvent("order.placed")!;
  type Evaluable = { evaluate(input: unknown, bindings: Record<string, unknown>): Promise<unknown> };
  const compileCalls = (compile: (text: string) => Evaluable) =>
    mapping.calls.map((call) => ({ type: call.type, body: compile(textOf(call.body)), when: call.when && compile(textOf(call.when)) }));
  const limits = { timeout: DEFAULT_LIMITS.timeoutMs, stack: DEFAULT_LIMITS.maxDepth };
  const compiledCalls = compileCalls((text) => compileExpression(text, limits));
  const limited = compileCalls((text) => jsonata(text, limits));
  const unlimited = compileCalls((text) => jsonata(text));

  const rows: MappingCostRow[] = [];
  for (const lines of [3, 20, 200]) {
    const { event, order: full } = orderWithLines(lines);
    const order = projectFields(full, mapping.load[0]!.fields) as Record<string, unknown>;
    const sourceEvent = { name: "order.placed", data: event.data };
    const input = { event: { name: "order.placed", data: event.data, metadata: {} }, order };

    const runTrackmap = async () => prepareCalls(await evaluateMapping(mapping, sourceEvent, { records: { order } })).calls;
    const evaluateRaw = (raw: typeof limited) => async () => {
      const calls: unknown[] = [];
      for (const call of raw) {
        if (call.when && !(await call.when.evaluate(input, BUILTIN_FUNCTIONS))) continue;
        calls.push({ type: call.type, ...((await call.body.evaluate(input, BUILTIN_FUNCTIONS)) as object) });
      }
      return calls;
    };
    const runCompiled = evaluateRaw(compiledCalls);
    const runJsonata = evaluateRaw(limited);
    const runJsonataUnlimited = evaluateRaw(unlimited);
    const runHandwritten = () => mapOrderPlacedByHand(sourceEvent, order);

    checkSameCalls(lines, await runTrackmap(), await runJsonata(), runHandwritten());
    checkSameCalls(lines, await runTrackmap(), await runCompiled(), runHandwritten());
    const perRun = lines >= 200 ? 10 : lines >= 20 ? 50 : 200;
    rows.push({
      lines,
      trackmap: await time(runTrackmap, perRun),
      compiled: await time(runCompiled, perRun),
      jsonata: await time(runJsonata, perRun),
      jsonataUnlimited: await time(runJsonataUnlimited, perRun),
      handwritten: await time(runHandwritten, perRun * 10),
      longestBlock: await longestBlock(runTrackmap),
    });
  }

  const markdown = table(
    [
      "order lines",
      "trackmap (per event)",
      "compiled, same limits",
      "JSONata's evaluator, same limits",
      "JSONata's evaluator, no limits",
      "hand-written TS",
      "JSONata (same limits) / compiled",
      "compiled / hand-written",
      "trackmap / hand-written",
      "longest event-loop block",
    ],
    rows.map((r) => [
      String(r.lines),
      format.timing(r.trackmap),
      format.timing(r.compiled),
      format.timing(r.jsonata),
      format.timing(r.jsonataUnlimited),
      format.timing(r.handwritten),
      format.ratio(r.jsonata.median, r.compiled.median),
      format.ratio(r.compiled.median, r.handwritten.median),
      format.ratio(r.trackmap.median, r.handwritten.median),
      format.us(r.longestBlock),
    ]),
  );
  return { rows, markdown };
}

function textOf(value: CompiledCall["body"]): string {
  if (!("program" in value)) throw new Error("the benchmark expects the call to be an expression");
  return value.program.text;
}

/** The three must agree (messageIds aside: each names its calls its own way; timestamps as ISO). */
function checkSameCalls(lines: number, trackmap: unknown[], raw: unknown[], hand: unknown[]): void {
  const normalise = (calls: unknown[]) =>
    (JSON.parse(JSON.stringify(calls)) as Array<Record<string, unknown>>).map(({ messageId: _, ...call }) => ({
      ...call,
      ...(call.timestamp ? { timestamp: new Date(call.timestamp as string).toISOString() } : {}),
    }));
  const [t, r, h] = [normalise(trackmap), normalise(raw), normalise(hand)];
  if (!isDeepStrictEqual(t, r))
    throw new Error(`${lines} lines: the programs evaluated directly give other calls than trackmap:\n${JSON.stringify(r).slice(0, 2000)}`);
  if (!isDeepStrictEqual(t, h)) {
    throw new Error(
      `${lines} lines: the hand-written mapping gives other calls than trackmap:\n${JSON.stringify(t).slice(0, 1500)}\n${JSON.stringify(h).slice(0, 1500)}`,
    );
  }
}
