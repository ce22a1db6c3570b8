import { isDeepStrictEqual } from "node:util";
import jsonata from "jsonata";
import { BUILTIN_FUNCTIONS, DEFAULT_LIMITS, evaluateMapping, loadMappings, prepareCalls, type CompiledCall } from "@trackmap/core";
import { mapOrderPlacedByHand } from "../handwritten/orderPlaced";
import { MAPPINGS, orderWithLines, projectFields } from "../fixtures";
import { format, longestBlock, table, time, type Timing } from "../measure";

export interface MappingCostRow {
  lines: number;
  trackmap: Timing;
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
 * redact, validate) vs the same JSONata compiled once and evaluated directly vs hand-written
 * TypeScript. All three must give the same calls.
 */
export async function benchMappingCost(): Promise<{ rows: MappingCostRow[]; markdown: string }> {
  const { mappings } = await loadMappings(MAPPINGS);
  const mapping = mappings.forEvent("order.placed")!;
  const compileCalls = (limits?: { timeout: number; stack: number }) =>
    mapping.calls.map((call) => ({
      type: call.type,
      body: compileRaw(call.body, limits),
      when: call.when && compileRaw(call.when, limits),
    }));
  const limited = compileCalls({ timeout: DEFAULT_LIMITS.timeoutMs, stack: DEFAULT_LIMITS.maxDepth });
  const unlimited = compileCalls();

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
        calls.push({ type: call.type, ...(await call.body.evaluate(input, BUILTIN_FUNCTIONS)) });
      }
      return calls;
    };
    const runJsonata = evaluateRaw(limited);
    const runJsonataUnlimited = evaluateRaw(unlimited);
    const runHandwritten = () => mapOrderPlacedByHand(sourceEvent, order);

    checkSameCalls(lines, await runTrackmap(), await runJsonata(), runHandwritten());
    const perRun = lines >= 200 ? 10 : lines >= 20 ? 50 : 200;
    rows.push({
      lines,
      trackmap: await time(runTrackmap, perRun),
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
      "JSONata compiled once, same limits",
      "JSONata, no limits",
      "hand-written TS",
      "trackmap / JSONata (same limits)",
      "trackmap / JSONata (no limits)",
      "trackmap / hand-written",
      "longest event-loop block",
    ],
    rows.map((r) => [
      String(r.lines),
      format.timing(r.trackmap),
      format.timing(r.jsonata),
      format.timing(r.jsonataUnlimited),
      format.timing(r.handwritten),
      format.ratio(r.trackmap.median, r.jsonata.median),
      format.ratio(r.trackmap.median, r.jsonataUnlimited.median),
      format.ratio(r.trackmap.median, r.handwritten.median),
      format.us(r.longestBlock),
    ]),
  );
  return { rows, markdown };
}

function compileRaw(value: CompiledCall["body"], limits?: { timeout: number; stack: number }): jsonata.Expression {
  if (!("program" in value)) throw new Error("the benchmark expects the call to be an expression");
  return jsonata(value.program.text, limits);
}

/** The three must agree (messageIds aside: each names its calls its own way; timestamps as ISO). */
function checkSameCalls(lines: number, trackmap: unknown[], raw: unknown[], hand: unknown[]): void {
  const normalise = (calls: unknown[]) =>
    (JSON.parse(JSON.stringify(calls)) as Array<Record<string, unknown>>).map(({ messageId: _, ...call }) => ({
      ...call,
      ...(call.timestamp ? { timestamp: new Date(call.timestamp as string).toISOString() } : {}),
    }));
  const [t, r, h] = [normalise(trackmap), normalise(raw), normalise(hand)];
  if (!isDeepStrictEqual(t, r)) throw new Error(`${lines} lines: raw JSONata gives other calls than trackmap:\n${JSON.stringify(r).slice(0, 2000)}`);
  if (!isDeepStrictEqual(t, h)) {
    throw new Error(
      `${lines} lines: the hand-written mapping gives other calls than trackmap:\n${JSON.stringify(t).slice(0, 1500)}\n${JSON.stringify(h).slice(0, 1500)}`,
    );
  }
}
