import type { SegmentCall } from "../../calls/segmentCall";
import type { OutboxCounts, OutboxRecord, OutboxStore } from "./outboxStore";

/** An outbox in memory: the same behaviour as a durable one, without surviving the process. */
export function createMemoryOutboxStore(): OutboxStore & { readonly records: ReadonlyMap<string, OutboxRecord> } {
  const records = new Map<string, OutboxRecord & { leasedUntil?: number }>();
  return {
    records,
    async check() {},
    async enqueue(calls: readonly SegmentCall[], now: Date) {
      for (const call of calls) {
        const messageId = call.messageId!;
        if (records.has(messageId)) continue;
        records.set(messageId, { messageId, call, status: "pending", attempts: 0, nextAttemptAt: now, createdAt: now });
      }
    },
    async storeDead(messageId, call, reason, now) {
      if (records.has(messageId)) return;
      records.set(messageId, { messageId, call, status: "dead", attempts: 0, nextAttemptAt: now, lastError: reason, createdAt: now });
    },
    async claim(limit, now, leaseMs) {
      const due = [...records.values()]
        .filter((r) => (r.status === "pending" || r.status === "retrying") && r.nextAttemptAt <= now)
        .filter((r) => r.leasedUntil === undefined || r.leasedUntil <= now.getTime())
        .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime())
        .slice(0, limit);
      for (const record of due) record.leasedUntil = now.getTime() + leaseMs;
      return due.map(({ leasedUntil: _, ...record }) => ({ ...record }));
    },
    async markDelivered(messageIds) {
      for (const id of messageIds) {
        const record = records.get(id);
        if (record) Object.assign(record, { status: "delivered", attempts: record.attempts + 1, leasedUntil: undefined });
      }
    },
    async release(messageIds) {
      for (const id of messageIds) {
        const record = records.get(id);
        if (record && (record.status === "pending" || record.status === "retrying")) record.leasedUntil = undefined;
      }
    },
    async markRetry(retries) {
      for (const { messageId, error, retryAt } of retries) {
        const record = records.get(messageId);
        if (record) {
          Object.assign(record, { status: "retrying", attempts: record.attempts + 1, lastError: error, nextAttemptAt: retryAt, leasedUntil: undefined });
        }
      }
    },
    async markDead(deaths) {
      for (const { messageId, error } of deaths) {
        const record = records.get(messageId);
        if (record) Object.assign(record, { status: "dead", attempts: record.attempts + 1, lastError: error, leasedUntil: undefined });
      }
    },
    async counts() {
      const counts: OutboxCounts = { pending: 0, retrying: 0, dead: 0, delivered: 0 };
      for (const record of records.values()) counts[record.status]++;
      return counts;
    },
    async listDead(limit) {
      return [...records.values()]
        .filter((r) => r.status === "dead")
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
        .slice(0, limit)
        .map(({ leasedUntil: _, ...record }) => ({ ...record }));
    },
    async resend(messageIds) {
      let count = 0;
      for (const record of records.values()) {
        if (record.status !== "dead" || (messageIds && !messageIds.includes(record.messageId))) continue;
        Object.assign(record, { status: "pending", nextAttemptAt: new Date(0) });
        count++;
      }
      return count;
    },
    async purgeDelivered(before) {
      let count = 0;
      for (const [id, record] of records) {
        if (record.status === "delivered" && record.createdAt < before) {
          records.delete(id);
          count++;
        }
      }
      return count;
    },
  };
}
