import {
  checkStoredEvent,
  type OutboxCallPage,
  type OutboxCallQuery,
  type OutboxCounts,
  type OutboxMinute,
  type OutboxRecord,
  type OutboxStore,
} from "../deliver/outbox";
import type { SourceEvent } from "../evaluate";
import { isMissingTable } from "./hostDestination";
import type { HostLog } from "./hostLog";
import type { OutboxSettings } from "./outboxSettings";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** What an operator's dashboard shows of the outbox. */
export interface OutboxFigures {
  counts: OutboxCounts;
  /** Calls Segment accepted over the last 24 hours. */
  deliveredLastDay: number;
  /** Calls stored and delivered per minute over the chart's hours, oldest first; minutes with neither are left out. */
  perMinute: OutboxMinute[];
}

/**
 * The outbox as a store's operator sees it: its figures (also logged at intervals, when they
 * changed, so an outage or a pile of dead calls shows in the store's logs), its dead calls, and
 * sending them again. It also forgets delivered and dead calls past their retention.
 */
export class HostOutbox {
  private readonly timer?: NodeJS.Timeout;
  private lastReport = "";

  /** `drain` has the outbox send what is due now (re-sent calls go at once, not at the next poll). */
  constructor(
    readonly store: OutboxStore,
    private readonly settings: OutboxSettings,
    private readonly log: HostLog,
    private readonly drain: () => Promise<void>,
  ) {
    if (settings.reportIntervalMs > 0) {
      this.timer = setInterval(() => void this.report(), settings.reportIntervalMs);
      this.timer.unref();
    }
  }

  /** Calls pending, retrying, dead, and delivered (kept for `keep_delivered_hours`). */
  counts(): Promise<OutboxCounts> {
    return this.store.counts();
  }

  /**
   * Dead rows, newest first, with the reason of each: calls Segment refused or that failed
   * validation, and events whose mapping failed (`event` set instead of `call`); `limit` after skipping `offset`.
   */
  listDead(limit = 50, offset = 0): Promise<OutboxRecord[]> {
    return this.store.listDead(limit, offset);
  }

  /** Calls of every status, newest first, filtered and paged, as Segment's debugger shows them. */
  listCalls(query: OutboxCallQuery): Promise<OutboxCallPage> {
    return this.store.listCalls(query);
  }

  /**
   * The figures an operator's dashboard shows at `now`: the counts, the calls delivered over the last
   * 24 hours, and the calls stored and delivered per minute over the last `chartHours`.
   */
  async figures(now: Date, chartHours: number): Promise<OutboxFigures> {
    const [counts, lastDay] = await Promise.all([this.store.counts(), this.store.activity(new Date(now.getTime() - DAY_MS))]);
    const chartFrom = Math.floor((now.getTime() - chartHours * HOUR_MS) / MINUTE_MS) * MINUTE_MS;
    return {
      counts,
      deliveredLastDay: lastDay.reduce((sum, minute) => sum + minute.delivered, 0),
      perMinute: lastDay.filter((minute) => minute.minute.getTime() >= chartFrom),
    };
  }

  /**
   * Puts dead calls (those named by messageId, or all) back to be sent, e.g. after fixing a
   * mapping or a tracking plan, and sends them now; returns how many calls and events went again.
   * A re-sent call keeps its messageId, so Segment dedupes it, and is checked again before it is
   * sent: one still invalid stays dead, with the reason of now. A dead event is mapped again with
   * `remap` (the mappings in force, as a live event is) and its row forgotten once its calls are
   * stored; one that fails again stays dead with the new reason. Without `remap` (the host has no
   * context to load records with), dead events are left as they are.
   */
  async resend(messageIds?: readonly string[], remap?: EventRemapper): Promise<number> {
    const calls = await this.store.resend(messageIds);
    const events = remap ? await this.remapDeadEvents(messageIds, remap) : 0;
    if (calls) this.log.info(`${calls} dead call(s) put back in the outbox to be sent again`);
    if (calls || events) void this.drain();
    return calls + events;
  }

  /** Maps the dead events named (or all) again, oldest first; returns how many went through without failure. */
  private async remapDeadEvents(ids: readonly string[] | undefined, remap: EventRemapper): Promise<number> {
    let mapped = 0;
    let failed = 0;
    for (const row of await this.store.deadEvents(ids)) {
      const checked = checkStoredEvent(row.event);
      if (!checked.ok) {
        await this.store.storeDeadEvent(row.messageId, row.event, checked.reason, new Date(), row.source ?? { event: "", entityIds: [] });
        failed++;
        continue;
      }
      // The mapping's own failure keeps the row dead with the reason of now (the tracker stores it again).
      if (await remap(checked.event)) {
        failed++;
        continue;
      }
      await this.store.remove([row.messageId]);
      mapped++;
    }
    if (mapped) this.log.info(`${mapped} dead event(s) mapped again, their calls stored in the outbox to be sent`);
    if (failed) this.log.warn(`${failed} dead event(s) still fail and stay dead (\`dead\` shows the reasons)`);
    return mapped;
  }

  /** Has the outbox send what is due now, and waits for it (a backfill after storing a batch). */
  deliverDue(): Promise<void> {
    return this.drain();
  }

  /** Logs the figures now (when they changed since the last time) and forgets delivered and dead calls past their retention. */
  async report(): Promise<void> {
    try {
      await this.store.purgeDelivered(new Date(Date.now() - this.settings.keepDeliveredMs));
      await this.store.purgeDead(new Date(Date.now() - this.settings.keepDeadMs));
      const line = describeCounts(await this.store.counts());
      if (line === this.lastReport) return;
      this.lastReport = line;
      this.log.info(`outbox: ${line}`);
    } catch (error) {
      this.log.warn(`outbox figures unavailable: ${(error as Error)?.message ?? error}`);
    }
  }

  /** Stops the figures, and says what stays in the outbox for the next process, so that nobody wonders. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    const counts = await this.store.counts().catch(() => undefined);
    if (!counts || counts.pending + counts.retrying === 0) return;
    const left = counts.pending + counts.retrying;
    this.log.info(`stopped; ${left} call(s) stay in the outbox, to be sent by the next process (${describeCounts(counts)})`);
  }
}

/**
 * Checks at start-up that the outbox's table is there, and says in one line what to run when it is
 * not (`migrateCommand`, e.g. "npx medusa db:migrate"): without it nothing would be said until the
 * first call. Resolves false only when the table is missing: the process then sends directly rather
 * than fail on the table at every call and poll. Another failure (the database restarting, a
 * connection cut) is said, and the outbox is kept: each call it cannot store goes directly, and it
 * works again once the database does.
 */
export async function checkOutboxStore(store: OutboxStore, migrateCommand: string, log: HostLog): Promise<boolean> {
  try {
    await store.check();
    return true;
  } catch (error) {
    const reason = (error as Error)?.message ?? String(error);
    if (isMissingTable(error)) {
      log.error(
        `the outbox table is missing (${reason}): run \`${migrateCommand}\`. Until then calls are sent directly, without the outbox's guarantees.`,
      );
      return false;
    }
    log.error(`the outbox cannot be used yet (${reason}). Until it can, calls it cannot store are sent directly, without the outbox's guarantees.`);
    return true;
  }
}

/**
 * Maps a dead event again through the host's path for live events, resolving once its calls are
 * stored; resolves true when it failed again (and was kept dead with the new reason).
 */
export type EventRemapper = (event: SourceEvent) => Promise<boolean>;

export function describeCounts(counts: OutboxCounts): string {
  return `${counts.pending} pending, ${counts.retrying} retrying, ${counts.dead} dead, ${counts.delivered} delivered`;
}
