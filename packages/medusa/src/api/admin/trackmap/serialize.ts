import type { OutboxRecord } from "@trackmap/core";
import type { MedusaRequest } from "@medusajs/framework/http";
import type SegmentService from "../../../modules/segment/service";
import { SEGMENT_MODULE } from "../../../modules/segment";

/** The plugin's service in the request's scope. */
export function segmentService(req: MedusaRequest): SegmentService {
  return req.scope.resolve<SegmentService>(SEGMENT_MODULE);
}

/** An outbox call as the admin API gives it: Medusa's snake_case, with what a list shows picked out of the call. */
export interface AdminTrackmapCall {
  message_id: string;
  status: OutboxRecord["status"];
  /** The call's type; "truncated" for an invalid call too large to keep whole. */
  type: string;
  /** A track call's event name. */
  event: string | null;
  user_id: string | null;
  anonymous_id: string | null;
  attempts: number;
  created_at: string;
  next_attempt_at: string;
  last_error: string | null;
  call: OutboxRecord["call"];
}

export function toAdminCall({ messageId, status, attempts, createdAt, nextAttemptAt, lastError, call }: OutboxRecord): AdminTrackmapCall {
  const fields = call as { type?: unknown; event?: unknown; userId?: unknown; anonymousId?: unknown; truncated?: unknown };
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  return {
    message_id: messageId,
    status,
    type: fields.truncated === true ? "truncated" : String(fields.type),
    event: text(fields.event),
    user_id: text(fields.userId),
    anonymous_id: text(fields.anonymousId),
    attempts,
    created_at: createdAt.toISOString(),
    next_attempt_at: nextAttemptAt.toISOString(),
    last_error: lastError ?? null,
    call,
  };
}
