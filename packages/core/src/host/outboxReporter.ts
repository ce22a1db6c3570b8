import type { OutboxCounts, OutboxStore } from "../deliver/outbox";
import type { HostLog } from "./hostLog";
import type { OutboxSettings } from "./outboxSettings";

/**
 * At intervals: logs the outbox's figures when they changed, so an outage or a pile of dead
 * calls shows in the store's logs, and forgets delivered and dead calls past their retention.
 */
export class OutboxReporter {
  private readonly timer?: NodeJS.Timeout;
  private last = "";

  constructor(
    private readonly store: OutboxStore,
    private readonly settings: OutboxSettings,
    private readonly log: HostLog,
  ) {
    if (settings.reportIntervalMs > 0) {
      this.timer = setInterval(() => void this.report(), settings.reportIntervalMs);
      this.timer.unref();
    }
  }

  async report(): Promise<void> {
    try {
      await this.store.purgeDelivered(new Date(Date.now() - this.settings.keepDeliveredMs));
      await this.store.purgeDead(new Date(Date.now() - this.settings.keepDeadMs));
      const line = describeCounts(await this.store.counts());
      if (line === this.last) return;
      this.last = line;
      this.log.info(`outbox: ${line}`);
    } catch (error) {
      this.log.warn(`outbox figures unavailable: ${(error as Error)?.message ?? error}`);
    }
  }

  /** Stops the reports, and says what stays in the outbox for the next process, so that nobody wonders. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    const counts = await this.store.counts().catch(() => undefined);
    if (!counts || counts.pending + counts.retrying === 0) return;
    const left = counts.pending + counts.retrying;
    this.log.info(`stopped; ${left} call(s) stay in the outbox, to be sent by the next process (${describeCounts(counts)})`);
  }
}

export function describeCounts(counts: OutboxCounts): string {
  return `${counts.pending} pending, ${counts.retrying} retrying, ${counts.dead} dead, ${counts.delivered} delivered`;
}
