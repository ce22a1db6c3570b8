import type { SegmentCall } from "../../calls/segmentCall";
import type { CallSource } from "../destination";
import {
  cappedTotal,
  type OutboxCallQuery,
  type OutboxCallRecord,
  type OutboxCounts,
  type OutboxEventRecord,
  type OutboxMinute,
  type OutboxRecord,
  type OutboxStore,
  type SourceOfCall,
} from "./outboxStore";

/** A record with what the PostgreSQL store keeps in columns of its own: the lease, when a call was given up, when delivered. */
type StoredRecord = OutboxRecord & { leasedUntil?: number; deadSince?: Date; deliveredAt?: Date };

const MINUTE_MS = 60_000;

/** An outbox in memory: the same behaviour as a durable one, without surviving the process. */
export function createMemoryOutboxStore(): OutboxStore & { readonly records: ReadonlyMap<string, OutboxRecord> } {
  const records = new Map<string, StoredRecord>();
  return {
    records,
    async check() {},
    async enqueue(calls: readonly SegmentCall[], now: Date, source?: CallSource | SourceOfCall) {
      store(calls, now, source);
    },
    async enqueueAndClaim(calls, now, leaseMs, source) {
      return store(calls, now, source, now.getTime() + leaseMs).map((record) => withoutStorage(record) as OutboxCallRecord);
    },
    async storeDead(messageId, call, reason, now, source) {
      if (records.has(messageId)) return;
      records.set(messageId, { call: asStored(call), ...deadRecord(messageId, reason, now, source) });
    },
    async storeDeadEvent(id, event, reason, now, source) {
      const stored = records.get(id);
      if (stored?.event) {
        Object.assign(stored, { status: "dead", lastError: reason, deadSince: now });
        return;
      }
      if (stored) return;
      records.set(id, { event: asStored(event), ...deadRecord(id, reason, now, source) });
    },
    async deadEvents(ids) {
      return [...records.values()]
        .filter((r): r is OutboxEventRecord & StoredRecord => r.event !== undefined && r.status === "dead" && (!ids || ids.includes(r.messageId)))
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
        .map((record) => withoutStorage(record) as OutboxEventRecord);
    },
    async remove(ids) {
      let count = 0;
      for (const id of ids) if (records.delete(id)) count++;
      return count;
    },
    async listForEntity(entityIds, limit, offset = 0) {
      const wanted = [entityIds].flat();
      return [...records.values()]
        .filter((r) => r.source?.entityIds.some((id) => wanted.includes(id)))
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.messageId < b.messageId ? -1 : 1))
        .slice(offset, offset + limit)
        .map(withoutStorage);
    },
    async claim(limit, now, leaseMs) {
      const due = [...records.values()]
        .filter((r): r is OutboxCallRecord & StoredRecord => r.call !== undefined)
        .filter((r) => (r.status === "pending" || r.status === "retrying") && r.nextAttemptAt <= now)
        .filter((r) => r.leasedUntil === undefined || r.leasedUntil <= now.getTime())
        .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime())
        .slice(0, limit);
      for (const record of due) record.leasedUntil = now.getTime() + leaseMs;
      return due.map((record) => withoutStorage(record) as OutboxCallRecord);
    },
    async renew(messageIds, now, leaseMs) {
      for (const id of messageIds) {
        const record = records.get(id);
        if (record?.leasedUntil !== undefined && (record.status === "pending" || record.status === "retrying")) {
          record.leasedUntil = now.getTime() + leaseMs;
        }
      }
    },
    async markDelivered(messageIds) {
      for (const id of messageIds) {
        const record = records.get(id);
        if (!record) continue;
        Object.assign(record, { status: "delivered", ...attempted(record), leasedUntil: undefined, deliveredAt: new Date() });
        delete record.lastError;
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
          Object.assign(record, {
            status: "retrying",
            ...attempted(record),
            lastError: error,
            nextAttemptAt: retryAt,
            leasedUntil: undefined,
          });
        }
      }
    },
    async markDead(deaths) {
      for (const { messageId, error } of deaths) {
        const record = records.get(messageId);
        if (record) Object.assign(record, { status: "dead", ...attempted(record), lastError: error, leasedUntil: undefined, deadSince: new Date() });
      }
    },
    async counts() {
      const counts: OutboxCounts = { pending: 0, retrying: 0, dead: 0, delivered: 0 };
      for (const record of records.values()) counts[record.status]++;
      return counts;
    },
    async listDead(limit, offset = 0) {
      return [...records.values()]
        .filter((r) => r.status === "dead")
        .sort((a, b) => b.deadSince!.getTime() - a.deadSince!.getTime() || newestIdFirst(a, b))
        .slice(offset, offset + limit)
        .map(withoutStorage);
    },
    async listCalls({ limit, offset = 0, countUpTo, ...filter }: OutboxCallQuery) {
      const matching = [...records.values()]
        .filter((r) => matches(r, filter))
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || newestIdFirst(a, b));
      return { records: matching.slice(offset, offset + limit).map(withoutStorage), ...cappedTotal(matching.length, countUpTo) };
    },
    async activity(since) {
      const byMinute = new Map<number, OutboxMinute>();
      const count = (at: Date | undefined, field: "stored" | "delivered") => {
        if (!at || at < since) return;
        const start = Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS;
        const minute = byMinute.get(start) ?? { minute: new Date(start), stored: 0, delivered: 0 };
        minute[field]++;
        byMinute.set(start, minute);
      };
      for (const record of records.values()) {
        count(record.createdAt, "stored");
        if (record.status === "delivered") count(record.deliveredAt, "delivered");
      }
      return [...byMinute.values()].sort((a, b) => a.minute.getTime() - b.minute.getTime());
    },
    async resend(messageIds, now = new Date()) {
      let count = 0;
      for (const record of records.values()) {
        if (record.status !== "dead" || record.event || (messageIds && !messageIds.includes(record.messageId))) continue;
        Object.assign(record, { status: "pending", nextAttemptAt: now });
        count++;
      }
      return count;
    },
    async purgeDelivered(before) {
      return purge((record) => record.status === "delivered" && record.createdAt < before);
    },
    async purgeDead(before) {
      return purge((record) => record.status === "dead" && record.deadSince! < before);
    },
  };

  /** Stores the calls not stored yet, pending and due at `now` (leased until `leasedUntil`, if given); returns those. */
  function store(calls: readonly SegmentCall[], now: Date, source: CallSource | SourceOfCall | undefined, leasedUntil?: number): StoredRecord[] {
    const sourceFor = typeof source === "function" ? source : () => source;
    const stored: StoredRecord[] = [];
    for (const call of calls) {
      const messageId = call.messageId!;
      if (records.has(messageId)) continue;
      const record: StoredRecord = {
        messageId,
        call: asStored(call),
        ...sourceOf(sourceFor(call)),
        status: "pending",
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
        ...(leasedUntil === undefined ? {} : { leasedUntil }),
      };
      records.set(messageId, record);
      stored.push(record);
    }
    return stored;
  }

  function purge(isPast: (record: StoredRecord) => boolean): number {
    let count = 0;
    for (const [id, record] of records) {
      if (isPast(record)) {
        records.delete(id);
        count++;
      }
    }
    return count;
  }
}

/** A copy of the call as JSON carries it, as a durable store keeps it: later changes to the caller's object do not reach it. */
function asStored<T>(call: T): T {
  return JSON.parse(JSON.stringify(call)) as T;
}

/** What every outcome of a delivery attempt sets: one more attempt, and when (the first one kept). */
function attempted(record: OutboxRecord): Pick<OutboxRecord, "attempts" | "firstAttemptAt" | "lastAttemptAt"> {
  const now = new Date();
  return { attempts: record.attempts + 1, firstAttemptAt: record.firstAttemptAt ?? now, lastAttemptAt: now };
}

/** A row stored dead at `now` with its reason, before its call or event. */
function deadRecord(messageId: string, reason: string, now: Date, source: CallSource | undefined) {
  return {
    messageId,
    ...sourceOf(source),
    status: "dead" as const,
    attempts: 0,
    nextAttemptAt: now,
    lastError: reason,
    createdAt: now,
    deadSince: now,
  };
}

/** The source as a record carries it: absent for a call written by hand, a copy otherwise. */
function sourceOf(source: CallSource | undefined): { source?: CallSource } {
  return source ? { source: { event: source.event, entityIds: [...source.entityIds] } } : {};
}

function withoutStorage({ leasedUntil: _lease, deadSince: _dead, deliveredAt: _delivered, ...record }: StoredRecord): OutboxRecord {
  return record;
}

/** Ties broken as PostgreSQL's `id COLLATE "C" DESC` breaks them: by code unit, the greater first. */
function newestIdFirst(a: OutboxRecord, b: OutboxRecord): number {
  return a.messageId < b.messageId ? 1 : a.messageId > b.messageId ? -1 : 0;
}

function matches(record: OutboxRecord, { status, event, type }: Omit<OutboxCallQuery, "limit" | "offset">): boolean {
  // An event row (a failed event kept dead) has no call: only filters on status match it.
  const call = (record.call ?? {}) as { type?: unknown; event?: unknown };
  return (
    (status === undefined || record.status === status) && (event === undefined || call.event === event) && (type === undefined || call.type === type)
  );
}
