import type { SegmentCall } from "../../calls/segmentCall";
import type { CallSource, OutboxCounts, OutboxDestination, OutboxStore } from "../../deliver";
import type { BackfillMapper } from "./backfillMapper";
import { type BackfillCheckpoint, type BackfillProgress, MAX_RECENT_ERRORS, progressOf } from "./backfillProgress";
import { type BackfillRange, type BackfillRecord, type BackfillSource, historyOf } from "./backfillSource";
import { callBatches, MAX_BATCH_BYTES } from "./callBatches";
import { createRateLimiter } from "./rateLimiter";

/** Well under Segment's guidance of 1,000 events/s per workspace, which live tracking shares. */
export const DEFAULT_BACKFILL_RATE = 100;

export interface BackfillOptions {
  source: BackfillSource;
  map: BackfillMapper;
  /**
   * The outbox live tracking delivers through: calls are stored in it (keyed by messageId, so a
   * call stored before is not stored or sent again) and it sends them.
   */
  outbox: { store: OutboxStore; destination: Pick<OutboxDestination, "drain" | "reject"> };
  range?: BackfillRange;
  /** Only these event names (e.g. `["order.placed"]`); all the source gives when absent. */
  events?: readonly string[];
  /** Calls per second stored for sending; 0 for no limit. Default DEFAULT_BACKFILL_RATE. */
  rate?: number;
  /** Records read per page; the checkpoint is saved after each. Default 100. */
  pageSize?: number;
  /** Calls stored at once (and at most MAX_BATCH_BYTES of them). Default 100. */
  batchSize?: number;
  /**
   * Calls waiting in the outbox (pending or retrying, live ones included) above which the run waits
   * before storing more: live calls never queue behind more than this, and a Segment that answers
   * 429 slows the run instead of filling the table. Default 200.
   */
  maxBacklog?: number;
  /** Where a previous run stopped; from the start when absent. */
  checkpoint?: BackfillCheckpoint;
  /** Saved after each page, once its calls are all in the outbox. A failure stops the run. */
  saveCheckpoint(checkpoint: BackfillCheckpoint): Promise<void>;
  onProgress?(progress: BackfillProgress): void;
  /** Stops the run after the batch in hand (pause or cancel: the host decides which). */
  signal?: AbortSignal;
  /** Wait at the end until the outbox has sent what it holds. Default true. */
  waitForDelivery?: boolean;
  /** How often the backlog is looked at while waiting. Default 200 ms. */
  pollMs?: number;
}

export interface BackfillResult {
  /** `stopped`: the signal ended it; the checkpoint says where to resume. */
  status: "completed" | "stopped";
  progress: BackfillProgress;
}

/**
 * Replays history into Segment: pages the source's records oldest first from the checkpoint,
 * maps each record's events in the order they happened with the live mappings, and stores the
 * calls in the outbox in batches (within 500 KB), at the rate, and without letting the backlog
 * grow past `maxBacklog`. The checkpoint is saved once a page's calls are all stored: a run killed
 * at any point resumes after the last saved page, and re-storing the calls of a page done in part
 * changes nothing, as the outbox keeps one call per messageId.
 */
export async function runBackfill(options: BackfillOptions): Promise<BackfillResult> {
  const { source, outbox, signal } = options;
  const range = options.range ?? {};
  const pageSize = options.pageSize ?? 100;
  const rate = options.rate ?? DEFAULT_BACKFILL_RATE;
  // No batch above a second's worth of calls: the limiter lets a whole batch go at once, so 100 calls at 4/s would burst.
  const batchSize = Math.min(options.batchSize ?? 100, rate > 0 ? Math.max(1, Math.floor(rate)) : Number.POSITIVE_INFINITY);
  const maxBacklog = options.maxBacklog ?? 200;
  const pollMs = options.pollMs ?? 200;
  const events = options.events ? new Set(options.events) : undefined;
  const limiter = createRateLimiter({ perSecond: rate, signal });
  const checkpoint: BackfillCheckpoint = { done: 0, calls: 0, errors: 0, ...options.checkpoint };
  const total = await source.count(range);
  const startedAt = Date.now();
  const run = { records: 0, calls: 0 };
  const recentErrors: string[] = [];
  const stopped = () => signal?.aborted === true;

  const progress = () => progressOf(checkpoint, total, { ...run, elapsedMs: Date.now() - startedAt }, recentErrors);
  const report = () => options.onProgress?.(progress());
  const failed = (message: string) => {
    checkpoint.errors++;
    recentErrors.push(message);
    if (recentErrors.length > MAX_RECENT_ERRORS) recentErrors.shift();
  };

  /** Waits while the outbox holds more than `limit` calls to send. */
  async function backlogAtMost(limit: number): Promise<void> {
    while (!stopped() && waiting(await outbox.store.counts()) > limit) {
      void outbox.destination.drain();
      await sleep(pollMs);
    }
  }

  /** A record's calls, each source (event, entities) noted by messageId, for the outbox to store with it. */
  async function mapRecord(record: BackfillRecord, sources: Map<string, CallSource>): Promise<SegmentCall[]> {
    const calls: SegmentCall[] = [];
    for (const event of historyOf(record, events)) {
      try {
        const mapped = await options.map(event);
        const source: CallSource = { event: event.name, entityIds: mapped.entityIds ?? [] };
        for (const call of mapped.calls) if (call.messageId) sources.set(call.messageId, source);
        calls.push(...mapped.calls);
        for (const message of mapped.errors) failed(message);
        for (const { call, error } of mapped.rejected) await outbox.destination.reject?.(call, error.message, source);
      } catch (error) {
        failed(`${event.name} of ${record.id}: ${(error as Error)?.message ?? String(error)}`);
      }
    }
    return calls;
  }

  report();
  while (!stopped()) {
    const records = await source.page(range, checkpoint.position, pageSize);
    const calls: SegmentCall[] = [];
    const sources = new Map<string, CallSource>();
    for (const record of records) calls.push(...(await mapRecord(record, sources)));
    for (const batch of callBatches(calls, batchSize, MAX_BATCH_BYTES)) {
      await backlogAtMost(Math.max(0, maxBacklog - batch.length));
      await limiter.take(batch.length);
      // Stopped while waiting: the page is not done, and its checkpoint not saved; a resume stores it again.
      if (stopped()) return { status: "stopped", progress: progress() };
      await outbox.store.enqueue(batch, new Date(), (call) => sources.get(call.messageId ?? ""));
      void outbox.destination.drain();
      run.calls += batch.length;
      checkpoint.calls += batch.length;
    }
    const last = records.at(-1);
    if (last) {
      checkpoint.position = { createdAt: last.createdAt.toISOString(), id: last.id };
      checkpoint.done += records.length;
      run.records += records.length;
      // Told first, so that a host saving the progress with the checkpoint saves this page's, not the one before.
      report();
      await options.saveCheckpoint({ ...checkpoint });
    }
    if (records.length < pageSize) break;
  }
  if (stopped()) return { status: "stopped", progress: progress() };
  if (options.waitForDelivery ?? true) await backlogAtMost(0);
  report();
  return { status: stopped() ? "stopped" : "completed", progress: progress() };
}

function waiting(counts: OutboxCounts): number {
  return counts.pending + counts.retrying;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
