import type { OutboxRecord } from "@trackmap/core";
import type { MedusaRequest } from "@medusajs/framework/http";
import type SegmentService from "../../../modules/segment/service";
import { SEGMENT_MODULE } from "../../../modules/segment";

/**
 * A page of the outbox's rows for any of these entities, newest first, as the admin API gives it:
 * `has_more` says whether another page follows, read from one row more than asked, not from a count.
 */
export async function entityCallsPage(req: MedusaRequest, entityIds: string | readonly string[], limit: number, offset: number) {
  const rows = await segmentService(req).listOutboxForEntity(entityIds, limit + 1, offset);
  return { calls: rows.slice(0, limit).map(toAdminCall), has_more: rows.length > limit, limit, offset };
}

/** The plugin's service in the request's scope. */
export function segmentService(req: MedusaRequest): SegmentService {
  return req.scope.resolve<SegmentService>(SEGMENT_MODULE);
}

/**
 * A row of the outbox as the admin API gives it, in Medusa's snake_case, with what a list shows picked out:
 * a call, or an event whose mapping failed, kept dead to be mapped again (`kind: "event"`).
 */
export interface AdminTrackmapCall {
  message_id: string;
  kind: "call" | "event";
  status: OutboxRecord["status"];
  /** The call's type; "event" for a failed event; "truncated" for one too large to keep whole. */
  type: string;
  /** A track call's event name, or a failed event's name. */
  event: string | null;
  /** The source event the call was mapped from, and the entities it concerns; null for a call written by hand. */
  source_event: string | null;
  entity_ids: string[];
  user_id: string | null;
  anonymous_id: string | null;
  attempts: number;
  created_at: string;
  next_attempt_at: string;
  /** When it was first and last handed to Segment; null while never tried. */
  first_attempt_at: string | null;
  last_attempt_at: string | null;
  last_error: string | null;
  /** The call as stored (for a failed event: its name and data). */
  call: unknown;
}

export function toAdminCall(record: OutboxRecord): AdminTrackmapCall {
  const { messageId, status, attempts, createdAt, nextAttemptAt, firstAttemptAt, lastAttemptAt, lastError, source } = record;
  const stored = record.call ?? record.event;
  const fields = stored as { type?: unknown; event?: unknown; name?: unknown; userId?: unknown; anonymousId?: unknown; truncated?: unknown };
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  return {
    message_id: messageId,
    kind: record.event ? "event" : "call",
    status,
    type: fields.truncated === true ? "truncated" : record.event ? "event" : String(fields.type),
    event: text(record.event ? (fields.name ?? source?.event) : fields.event),
    source_event: source?.event ?? null,
    entity_ids: [...(source?.entityIds ?? [])],
    user_id: text(fields.userId),
    anonymous_id: text(fields.anonymousId),
    attempts,
    created_at: createdAt.toISOString(),
    next_attempt_at: nextAttemptAt.toISOString(),
    first_attempt_at: firstAttemptAt?.toISOString() ?? null,
    last_attempt_at: lastAttemptAt?.toISOString() ?? null,
    last_error: lastError ?? null,
    call: stored,
  };
}
