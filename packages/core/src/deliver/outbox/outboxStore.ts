import type { SegmentCall } from "../../calls/segmentCall";

/**
 * Where calls wait until Segment has accepted them. A durable store (the Medusa plugin's
 * PostgreSQL table) makes delivery survive outages and restarts; the in-memory one serves the
 * CLI and tests. Calls are keyed by messageId, so storing a call twice keeps one.
 */

export type OutboxStatus = "pending" | "retrying" | "dead" | "delivered";

/**
 * What is kept of an invalid call too large to keep whole: its size in bytes and the start of
 * its JSON, to see what it was. It cannot be sent again.
 */
export interface TruncatedCall {
  truncated: true;
  /** The size of the whole call's JSON. */
  bytes: number;
  /** Its first MAX_KEPT_CALL_BYTES bytes, cut between characters. */
  prefix: string;
}

/** A call as the outbox keeps it: whole, or (an invalid one too large) truncated. */
export type StoredCall = SegmentCall | TruncatedCall;

export interface OutboxRecord {
  messageId: string;
  call: StoredCall;
  status: OutboxStatus;
  /** Delivery attempts so far. */
  attempts: number;
  /** When the call may next be sent. */
  nextAttemptAt: Date;
  /** Why the last attempt failed (retrying), or why the call was given up (dead); a delivered call has none. */
  lastError?: string;
  /** When it was stored: the `now` given to enqueue or storeDead. */
  createdAt: Date;
}

export type OutboxCounts = Record<OutboxStatus, number>;

export interface OutboxRetry {
  messageId: string;
  error: string;
  retryAt: Date;
}

export interface OutboxDeath {
  messageId: string;
  error: string;
}

/** Which calls to list, newest first (when stored), and which page of them. */
export interface OutboxCallQuery {
  limit: number;
  /** Calls skipped before the page. Default 0. */
  offset?: number;
  status?: OutboxStatus;
  /** A track call's event name, e.g. "Order Completed". */
  event?: string;
  /** The call's type, e.g. "identify". */
  type?: string;
}

/** A page of calls, and how many match the query in all. */
export interface OutboxCallPage {
  records: OutboxRecord[];
  total: number;
}

/** One minute's activity: calls stored in it, and calls Segment accepted in it. */
export interface OutboxMinute {
  /** The minute's start. */
  minute: Date;
  stored: number;
  delivered: number;
}

export interface OutboxStore {
  /**
   * Throws when the store cannot be used (its table is missing, the database is unreachable):
   * hosts call it at start-up, so that a missing migration is said at once, not at the first call.
   */
  check(): Promise<void>;
  /** Stores calls to send now (a copy, as JSON carries it); a messageId already stored is left as it is. */
  enqueue(calls: readonly SegmentCall[], now: Date): Promise<void>;
  /**
   * Stores a call that can never be sent as it is (invalid, too large) straight away as dead,
   * with the reason, so that it is visible rather than only logged.
   */
  storeDead(messageId: string, call: StoredCall, reason: string, now: Date): Promise<void>;
  /**
   * Takes up to `limit` calls due at `now` (pending, or retrying whose time has come), earliest due
   * first, and leases them for `leaseMs`: other workers do not take them meanwhile, and they come
   * back if this one dies before reporting.
   */
  claim(limit: number, now: Date, leaseMs: number): Promise<OutboxRecord[]>;
  markDelivered(messageIds: readonly string[]): Promise<void>;
  /**
   * Gives claimed calls back without counting an attempt: their lease ends now, so any process
   * sharing the store sends them at its next poll. Used when a process stops with calls unsent.
   */
  release(messageIds: readonly string[]): Promise<void>;
  /** Transient failures: try each again at its `retryAt`. */
  markRetry(retries: readonly OutboxRetry[]): Promise<void>;
  /** Permanent failures: keep the calls and the reasons, send them no more. */
  markDead(deaths: readonly OutboxDeath[]): Promise<void>;
  counts(): Promise<OutboxCounts>;
  /**
   * Dead calls, to inspect: the most recently given up first (storeDead's `now`, or when markDead ran),
   * `limit` of them after skipping `offset` (default 0).
   */
  listDead(limit: number, offset?: number): Promise<OutboxRecord[]>;
  /** Calls of every status, newest first (when stored, then messageId), as the query filters and pages them. */
  listCalls(query: OutboxCallQuery): Promise<OutboxCallPage>;
  /**
   * Per minute from `since` on, oldest first: calls stored, and calls delivered (when Segment accepted
   * them); minutes with neither are left out.
   */
  activity(since: Date): Promise<OutboxMinute[]>;
  /**
   * Puts dead calls (those named, or all) back to pending, due at `now` (the sender's clock, as claims use it);
   * returns how many. Each is checked again before it is sent.
   */
  resend(messageIds?: readonly string[], now?: Date): Promise<number>;
  /** Forgets delivered calls stored before `before`; returns how many. */
  purgeDelivered(before: Date): Promise<number>;
  /** Forgets dead calls given up before `before` (a re-sent call that died again counts from then); returns how many. */
  purgeDead(before: Date): Promise<number>;
}
