/** An event as the host emitted it, e.g. Medusa's `{ name: "order.placed", data: { id } }`. */
export interface SourceEvent {
  name: string;
  data?: unknown;
  metadata?: unknown;
}

/** What a mapping asks the host to load, with its id already evaluated. */
export interface RecordRequest {
  /** Name of the record in the input, e.g. `order`. */
  name: string;
  entity: string;
  id: unknown;
  fields: string[];
}

/**
 * Loads one record (e.g. with Medusa's `query.graph`). Resolves to null or undefined when
 * the record does not exist; rejects for other failures.
 */
export type RecordLoader = (request: RecordRequest) => Promise<unknown>;

/**
 * An input as fixtures and `trackmap run` hold it: the records by name, and optionally
 * `event: { data, metadata }`. `data`, when given, replaces the input's event data.
 */
export function splitInput(
  input: Record<string, unknown>,
  name: string,
  data?: unknown,
): { event: SourceEvent; records: Record<string, unknown> } {
  const { event, ...records } = input as { event?: { data?: unknown; metadata?: unknown } };
  return { event: { name, data: data !== undefined ? data : (event?.data ?? {}), metadata: event?.metadata }, records };
}
