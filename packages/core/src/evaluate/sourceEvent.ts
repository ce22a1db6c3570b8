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
