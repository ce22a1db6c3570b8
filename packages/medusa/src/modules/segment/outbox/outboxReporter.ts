import type { Logger } from "@medusajs/framework/types";
import type { OutboxCounts, OutboxStore } from "@trackmap/core";
import type { ResolvedOutbox } from "../options";

/**
 * At intervals: logs the outbox's figures when they changed, so an outage or a pile of dead
 * calls shows in the store's logs, and forgets delivered calls older than the retention.
 */
export class OutboxReporter {
  private readonly timer?: NodeJS.Timeout;
  private last = "";

  constructor(
    private readonly store: OutboxStore,
    private readonly settings: ResolvedOutbox,
    private readonly logger: Logger,
  ) {
    if (settings.reportIntervalMs > 0) {
      this.timer = setInterval(() => void this.report(), settings.reportIntervalMs);
      this.timer.unref();
    }
  }

  async report(): Promise<void> {
    try {
      await this.store.purgeDelivered(new Date(Date.now() - this.settings.keepDeliveredMs));
      const line = describeCounts(await this.store.counts());
      if (line === this.last) return;
      this.last = line;
      this.logger.info(`[trackmap] outbox: ${line}`);
    } catch (error) {
      this.logger.warn(`[trackmap] outbox figures unavailable: ${(error as Error)?.message ?? error}`);
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export function describeCounts(counts: OutboxCounts): string {
  return `${counts.pending} pending, ${counts.retrying} retrying, ${counts.dead} dead, ${counts.delivered} delivered`;
}
