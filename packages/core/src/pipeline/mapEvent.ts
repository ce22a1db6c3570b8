import type { CompiledMapping } from "../compile";
import { evaluateMapping, type EvaluateOptions, type SourceEvent } from "../evaluate";
import { prepareCalls, type PrepareOptions, type PreparedCalls } from "../validate";

export interface MapEventOptions extends EvaluateOptions, PrepareOptions {}

/**
 * Maps one event: evaluates the mapping's calls, then gives each a messageId, redacts it
 * and checks it against Segment's rules. Sends nothing and never throws for a bad
 * mapping or call: failures come back in `errors`. The tracker, `trackmap run`, the
 * mapping tester and the test runner all map events through here.
 */
export async function mapEvent(mapping: CompiledMapping, event: SourceEvent, options: MapEventOptions = {}): Promise<PreparedCalls> {
  return prepareCalls(await evaluateMapping(mapping, event, options), options);
}

/** Maps one event: `mapEvent` itself, or one that evaluates elsewhere (an isolated worker pool's). */
export type EventMapper = (mapping: CompiledMapping, event: SourceEvent, options?: MapEventOptions) => Promise<PreparedCalls>;

export interface MapInputOptions extends Omit<MapEventOptions, "records"> {
  /** The event's data; replaces `event.data` of the input when given. */
  data?: unknown;
}

/**
 * Maps an input as fixtures and `trackmap run --input` hold it: the records by name, and
 * optionally `event: { data, metadata }`. The records are used as they are, not loaded.
 * `map` is how the event is mapped: here, or in an isolated worker.
 */
export function mapInput(
  mapping: CompiledMapping,
  eventName: string,
  input: Record<string, unknown>,
  options: MapInputOptions = {},
  map: EventMapper = mapEvent,
): Promise<PreparedCalls> {
  const { event: written, ...records } = input as { event?: { data?: unknown; metadata?: unknown } };
  const { data: given, ...rest } = options;
  const data = given !== undefined ? given : (written?.data ?? {});
  return map(mapping, { name: eventName, data, metadata: written?.metadata }, { ...rest, records });
}
