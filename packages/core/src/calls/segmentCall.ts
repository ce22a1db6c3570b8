/**
 * The Segment calls a mapping produces, one type per Segment spec method.
 * Field names follow Segment's HTTP Tracking API, so a call can be handed to
 * `@segment/analytics-node` or serialised into a `/v1/batch` message as is.
 */

// TYPES

export const CALL_TYPES = ["track", "identify", "group", "page", "alias"] as const;

export type CallType = (typeof CALL_TYPES)[number];

export type JsonObject = { [key: string]: unknown };

/** Fields every Segment call may carry. */
export interface CommonCallFields {
  userId?: string;
  anonymousId?: string;
  context?: JsonObject;
  integrations?: JsonObject;
  /** ISO-8601 date of the moment the thing happened. */
  timestamp?: string;
  /** Segment's dedupe key (≤ 100 characters). */
  messageId?: string;
}

export interface TrackCall extends CommonCallFields {
  type: "track";
  event: string;
  properties?: JsonObject;
}

export interface IdentifyCall extends CommonCallFields {
  type: "identify";
  traits?: JsonObject;
}

export interface GroupCall extends CommonCallFields {
  type: "group";
  groupId: string;
  traits?: JsonObject;
}

export interface PageCall extends CommonCallFields {
  type: "page";
  name?: string;
  category?: string;
  properties?: JsonObject;
}

export interface AliasCall extends CommonCallFields {
  type: "alias";
  previousId: string;
}

export type SegmentCall = TrackCall | IdentifyCall | GroupCall | PageCall | AliasCall;

/** The fields each call type accepts, besides `type` (used by the schema and the validator). */
export const CALL_FIELDS: Record<CallType, readonly string[]> = {
  track: ["event", "properties"],
  identify: ["traits"],
  group: ["groupId", "traits"],
  page: ["name", "category", "properties"],
  alias: ["previousId"],
};

export const COMMON_FIELDS = ["userId", "anonymousId", "context", "integrations", "timestamp", "messageId"] as const;

export function isCallType(value: unknown): value is CallType {
  return typeof value === "string" && (CALL_TYPES as readonly string[]).includes(value);
}
