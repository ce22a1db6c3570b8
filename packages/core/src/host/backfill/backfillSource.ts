import type { SourceEvent } from "../../evaluate";

/**
 * Where a backfill reads history: the store's records (orders, customers), oldest first by
 * creation date, each with the events its life produced. A host writes one per platform (Medusa
 * v2 with query.graph, v1 with its repositories); the engine knows nothing of the platform.
 */
export interface BackfillSource {
  /** How many records fall in the range: the total that progress and the dry run count against. */
  count(range: BackfillRange): Promise<number>;
  /**
   * Up to `limit` records of the range created after `after` (by creation date, then id), oldest first.
   * Fewer than `limit` means the range is done.
   */
  page(range: BackfillRange, after: BackfillPosition | undefined, limit: number): Promise<BackfillRecord[]>;
}

export interface BackfillRange {
  /** Records created at or after this moment; from the first when absent. */
  from?: Date;
  /** Records created before this moment; up to now when absent. */
  to?: Date;
}

/** One record of history and the events the live plugin received for it. */
export interface BackfillRecord {
  id: string;
  createdAt: Date;
  /**
   * The events exactly as the host emitted them live (same name, same data): the messageIds of
   * their calls are derived from them, so a backfilled call has the id of the live one.
   */
  events: BackfillEvent[];
}

export interface BackfillEvent extends SourceEvent {
  /** When it happened (e.g. a shipment's shipped_at): the record's events are replayed in this order. */
  at: Date;
}

/** Where a run is in the records: after this one, in (createdAt, id) order. */
export interface BackfillPosition {
  /** ISO-8601, as stored in a checkpoint. */
  createdAt: string;
  id: string;
}

/** Whether `record` comes after `position` in the order sources page by. */
export function isAfter(record: Pick<BackfillRecord, "id" | "createdAt">, position: BackfillPosition | undefined): boolean {
  if (!position) return true;
  const difference = record.createdAt.getTime() - Date.parse(position.createdAt);
  return difference > 0 || (difference === 0 && record.id > position.id);
}

/** A source over records in memory, for tests and for hosts that already hold their history. */
export function createMemoryBackfillSource(records: readonly BackfillRecord[]): BackfillSource {
  const inRange = (range: BackfillRange) =>
    records
      .filter((r) => (!range.from || r.createdAt >= range.from) && (!range.to || r.createdAt < range.to))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    async count(range) {
      return inRange(range).length;
    },
    async page(range, after, limit) {
      return inRange(range)
        .filter((record) => isAfter(record, after))
        .slice(0, limit);
    },
  };
}

/** A record's events to replay, in the order they happened, as the host emitted them (without `at`); only `names` when given. */
export function historyOf(record: BackfillRecord, names?: ReadonlySet<string>): SourceEvent[] {
  return record.events
    .filter((event) => !names || names.has(event.name))
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map(({ at: _at, ...event }) => event);
}
