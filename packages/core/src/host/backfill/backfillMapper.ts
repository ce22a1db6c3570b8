import type { JsonObject, SegmentCall } from "../../calls/segmentCall";
import type { MappingSet } from "../../compile";
import type { RecordLoader, SourceEvent } from "../../evaluate";
import type { IsolatedMapper } from "../../isolate";
import { mapEvent } from "../../pipeline";
import type { RejectedCall } from "../../validate";

/** What became of one historical event: its calls, and what failed. */
export interface MappedHistory {
  calls: SegmentCall[];
  /** Mapping failures, as `TM_… message` lines. */
  errors: string[];
  /** Calls that failed validation, for the outbox to keep as dead, as live tracking does. */
  rejected: RejectedCall[];
  /** The entities the event concerns (its order, customer, ...), stored with its calls as live tracking stores them. */
  entityIds?: string[];
}

export type BackfillMapper = (event: SourceEvent) => Promise<MappedHistory>;

export interface BackfillMapperOptions {
  /** The same mappings live tracking runs (those the host has not disabled). */
  mappings: Pick<MappingSet, "forEvent">;
  loader: RecordLoader;
  variables?: Record<string, unknown>;
  redact?: readonly string[];
  /** Maps in the live plugin's worker pool, with its budgets; on this thread without it. */
  isolation?: Pick<IsolatedMapper, "mapEvent">;
  /**
   * Segment's `integrations` for every historical call (e.g. `{ All: false, "Amazon S3": true }`),
   * over what the mapping set. It is not part of a messageId: the ids stay those of the live calls.
   */
  integrations?: JsonObject;
}

/**
 * Maps a historical event exactly as live tracking maps it (same mappings, same record loading,
 * same messageIds); only the destinations may differ, through `integrations`. An event no
 * mapping handles gives no call.
 */
export function createBackfillMapper(options: BackfillMapperOptions): BackfillMapper {
  const map = options.isolation?.mapEvent ?? mapEvent;
  return async (event) => {
    const mapping = options.mappings.forEvent(event.name);
    if (!mapping) return { calls: [], errors: [], rejected: [] };
    const prepared = await map(mapping, event, { loader: options.loader, variables: options.variables, redact: options.redact });
    const integrations = options.integrations;
    return {
      calls: integrations ? prepared.calls.map((call) => ({ ...call, integrations: { ...call.integrations, ...integrations } })) : prepared.calls,
      errors: prepared.errors.map((error) => error.message),
      rejected: prepared.rejected,
      entityIds: prepared.entityIds,
    };
  };
}
