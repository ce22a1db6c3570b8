import type { SegmentCall } from "../../calls/segmentCall";
import type { CallSource } from "../destination";

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

/**
 * An event whose mapping failed, as the outbox keeps it to map it again: its name and data (made
 * plain, with storable text). Data too large to keep whole is kept as a TruncatedCall of the event's
 * JSON, to see what it was; such an event cannot be mapped again.
 */
export type StoredEvent = { name: string; data: unknown } | TruncatedCall;

/**
 * A row of the outbox: a call (mapped, or written by hand), or an event whose mapping failed, kept
 * dead to be mapped again by `resend` in the host (the store never claims or re-sends it itself).
 */
export type OutboxRecord = OutboxCallRecord | OutboxEventRecord;

export interface OutboxCallRecord extends OutboxRowFields {
  call: StoredCall;
  event?: undefined;
}

export interface OutboxEventRecord extends OutboxRowFields {
  /** Always dead: the reason is the mapping's failure (its code and message). */
  event: StoredEvent;
  call?: undefined;
}

interface OutboxRowFields {
  /** A call's messageId; an event row's id is `tm-event-` and a hash of the event. */
  messageId: string;
  /** The source event and the entities the row concerns; absent for a call written by hand. */
  source?: CallSource;
  status: OutboxStatus;
  /** Delivery attempts so far. */
  attempts: number;
  /** When the call may next be sent. */
  nextAttemptAt: Date;
  /** Why the last attempt failed (retrying), or why the call was given up (dead); a delivered call has none. */
  lastError?: string;
  /**
   * When the call was first and last handed to Segment (a delivery attempt, whatever its outcome), by the
   * store's clock; absent while it has never been tried (waiting, or stored dead as invalid).
   */
  firstAttemptAt?: Date;
  lastAttemptAt?: Date;
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
  /**
   * Count the matching calls up to this many only: counting every row of a large outbox (a week of a
   * busy store's calls, a backfill's) on each page would read the whole table. Default: count them all.
   */
  countUpTo?: number;
}

/** A page of calls, and how many match the query in all. */
export interface OutboxCallPage {
  records: OutboxRecord[];
  /** How many match the query, at most `countUpTo`. */
  total: number;
  /** More than `total` match: the count stopped at `countUpTo`. */
  totalCapped: boolean;
}

/** A page's total from the rows counted, which a store stops one past `countUpTo`. */
export function cappedTotal(counted: number, countUpTo: number | undefined): Pick<OutboxCallPage, "total" | "totalCapped"> {
  return countUpTo !== undefined && counted > countUpTo ? { total: countUpTo, totalCapped: true } : { total: counted, totalCapped: false };
}

/** One minute's activity: calls stored in it, and calls Segment accepted in it. */
export interface OutboxMinute {
  /** The minute's start. */
  minute: Date;
  stored: number;
  delivered: number;
}

/** The source of each call of a batch, when they come from different events. */
export type SourceOfCall = (call: SegmentCall) => CallSource | undefined;

export interface OutboxStore {
  /**
   * Throws when the store cannot be used (its table is missing, the database is unreachable):
   * hosts call it at start-up, so that a missing migration is said at once, not at the first call.
   */
  check(): Promise<void>;
  /**
   * Stores calls to send now (a copy, as JSON carries it), with the event they were mapped from
   * and the entities they concern (`source`, none for calls written by hand; per call for calls of
   * several events, a backfill's batch); a messageId already stored is left as it is.
   */
  enqueue(calls: readonly SegmentCall[], now: Date, source?: CallSource | SourceOfCall): Promise<void>;
  /**
   * Stores calls as enqueue does, leased to the caller for `leaseMs` to send at once, and returns
   * them as claim would; a messageId already stored is left as it is, and not returned.
   */
  enqueueAndClaim(calls: readonly SegmentCall[], now: Date, leaseMs: number, source?: CallSource): Promise<OutboxCallRecord[]>;
  /**
   * Stores a call that can never be sent as it is (invalid, too large) straight away as dead,
   * with the reason, so that it is visible rather than only logged.
   */
  storeDead(messageId: string, call: StoredCall, reason: string, now: Date, source?: CallSource): Promise<void>;
  /**
   * Stores an event whose mapping failed as a dead event row under `id`, with the reason; an event
   * row already stored under `id` is dead again with this reason, given up at `now` (it failed again).
   */
  storeDeadEvent(id: string, event: StoredEvent, reason: string, now: Date, source: CallSource): Promise<void>;
  /** The dead event rows (those named, or all), oldest first: what the host maps again on resend. */
  deadEvents(ids?: readonly string[]): Promise<OutboxEventRecord[]>;
  /** Forgets rows (an event row mapped again without failure: its calls are stored now); returns how many. */
  remove(ids: readonly string[]): Promise<number>;
  /**
   * The rows that concern an entity (an order, a customer: any id in their source's entityIds), or any of
   * several (a customer and their orders), newest first, `limit` from `offset`: the calls made for one
   * order, and its events that failed.
   */
  listForEntity(entityIds: string | readonly string[], limit: number, offset?: number): Promise<OutboxRecord[]>;
  /**
   * Takes up to `limit` calls due at `now` (pending, or retrying whose time has come), earliest due
   * first, and leases them for `leaseMs` (calls only, never event rows): other workers do not take them meanwhile, and they come
   * back if this one dies before reporting.
   */
  claim(limit: number, now: Date, leaseMs: number): Promise<OutboxCallRecord[]>;
  /**
   * Extends the lease of claimed calls to `now + leaseMs`, for a sender that holds them longer than
   * one lease (a 429's Retry-After): meanwhile no other worker takes them. Only calls still leased
   * and due to be sent are renewed; one recorded (delivered, retrying, dead) or released is left as it is.
   */
  renew(messageIds: readonly string[], now: Date, leaseMs: number): Promise<void>;
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
   * Dead rows, to inspect, calls and events alike: the most recently given up first (storeDead's or
   * storeDeadEvent's `now`, or when markDead ran), `limit` of them after skipping `offset` (default 0).
   */
  listDead(limit: number, offset?: number): Promise<OutboxRecord[]>;
  /** Rows of every status, calls and events alike, newest first (when stored, then id), as the query filters and pages them. */
  listCalls(query: OutboxCallQuery): Promise<OutboxCallPage>;
  /**
   * Per minute from `since` on, oldest first: calls stored, and calls delivered (when Segment accepted
   * them); minutes with neither are left out.
   */
  activity(since: Date): Promise<OutboxMinute[]>;
  /**
   * Puts dead calls (those named, or all) back to pending, due at `now` (the sender's clock, as claims use it);
   * returns how many. Each is checked again before it is sent. Event rows are left as they are: the host maps them again.
   */
  resend(messageIds?: readonly string[], now?: Date): Promise<number>;
  /** Forgets delivered calls stored before `before`; returns how many. */
  purgeDelivered(before: Date): Promise<number>;
  /** Forgets dead calls given up before `before` (a re-sent call that died again counts from then); returns how many. */
  purgeDead(before: Date): Promise<number>;
}
