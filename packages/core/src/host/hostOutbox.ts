import type { Destination } from "../deliver";
import type { OutboxCounts, OutboxDestination, OutboxRecord, OutboxStore } from "../deliver/outbox";
import { isMissingTable } from "./hostDestination";
import type { HostLog } from "./hostLog";
import { OutboxReporter } from "./outboxReporter";
import type { OutboxSettings } from "./outboxSettings";

/**
 * A host's outbox, as its service exposes it to the store: the figures (also logged at
 * intervals), the dead calls, and sending them again.
 */
export class HostOutbox {
  private readonly reporter: OutboxReporter;

  constructor(
    readonly store: OutboxStore,
    settings: OutboxSettings,
    private readonly log: HostLog,
  ) {
    this.reporter = new OutboxReporter(store, settings, log);
  }

  /**
   * Checks at start-up that the outbox's table is there, and says in one line what to run when it
   * is not (`migrateCommand`, e.g. "npx medusa db:migrate"): without it nothing would be said until
   * the first call. Calls are sent directly meanwhile. Resolves whether the outbox can be used.
   */
  async checkStore(migrateCommand: string): Promise<boolean> {
    try {
      await this.store.check();
      return true;
    } catch (error) {
      const reason = (error as Error)?.message ?? String(error);
      this.log.error(
        isMissingTable(error)
          ? `the outbox table is missing (${reason}): run \`${migrateCommand}\`. Until then calls are sent directly, without the outbox's guarantees.`
          : `the outbox cannot be used (${reason}). Until it can, calls are sent directly, without the outbox's guarantees.`,
      );
      return false;
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
   * mapping or a tracking plan, and has `destination` send them now; returns how many.
   * A re-sent call keeps its messageId, so Segment dedupes it, and is checked again before it is
   * sent: one still invalid stays dead, with the reason of now.
   */
  async resend(messageIds: string[] | undefined, destination: Destination | OutboxDestination): Promise<number> {
    const count = await this.store.resend(messageIds);
    if (count) {
      this.log.info(`${count} dead call(s) put back in the outbox to be sent again`);
      if ("drain" in destination) void destination.drain();
    }
    return count;
  }

  /** Logs the figures now (when they changed since the last time) and forgets delivered and dead calls past their retention. */
  report(): Promise<void> {
    return this.reporter.report();
  }

  /** Stops the figures, and says what stays for the next process. */
  stop(): Promise<void> {
    return this.reporter.stop();
  }
}
