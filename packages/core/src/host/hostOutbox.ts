import type { OutboxCounts, OutboxRecord, OutboxStore } from "../deliver/outbox";
import { isMissingTable } from "./hostDestination";
import type { HostLog } from "./hostLog";
import type { OutboxSettings } from "./outboxSettings";

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

  /** Calls Segment refused or that failed validation, newest first, with the reason of each. */
  listDead(limit = 50): Promise<OutboxRecord[]> {
    return this.store.listDead(limit);
  }

  /**
   * Puts dead calls (those named by messageId, or all) back to be sent, e.g. after fixing a
   * mapping or a tracking plan, and sends them now; returns how many. A re-sent call keeps its
   * messageId, so Segment dedupes it, and is checked again before it is sent: one still invalid
   * stays dead, with the reason of now.
   */
  async resend(messageIds?: readonly string[]): Promise<number> {
    const count = await this.store.resend(messageIds);
    if (count) {
      this.log.info(`${count} dead call(s) put back in the outbox to be sent again`);
      void this.drain();
    }
    return count;
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

export function describeCounts(counts: OutboxCounts): string {
  return `${counts.pending} pending, ${counts.retrying} retrying, ${counts.dead} dead, ${counts.delivered} delivered`;
}
