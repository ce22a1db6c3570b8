import { beforeEach, describe, expect, it } from "vitest";
import type { TrackCall } from "../../calls/segmentCall";
import type { OutboxCallQuery, OutboxRecord, OutboxStore } from "./outboxStore";
import type { CallSource } from "../destination";

/**
 * What every OutboxStore does, as tests: each store's test file registers them for its own store
 * (`describeOutboxStoreContract("the memory outbox store", () => createMemoryOutboxStore())`), so the
 * memory store the CLI and tests use cannot drift from the PostgreSQL one the plugins use.
 * Not part of the package (a test helper, left out of the build): stores are the core's own, hosts
 * only hand the PostgreSQL store a SqlClient.
 *
 * Times are given (`at(minutes)`, a day in the past) wherever the interface takes one; markDead
 * takes none and dates a death by the clock, which is after every `at`.
 */
export function describeOutboxStoreContract(name: string, emptyStore: () => OutboxStore | Promise<OutboxStore>): void {
  describe(`${name}: the OutboxStore contract`, () => {
    let store: OutboxStore;
    beforeEach(async () => {
      store = await emptyStore();
    });

    const dayAgo = Date.now() - 86_400_000;
    /** `minutes` after a moment a day ago. */
    const at = (minutes: number) => new Date(dayAgo + minutes * 60_000);
    const call = (id: string, properties: Record<string, unknown> = {}): TrackCall => ({
      type: "track",
      event: "Order Completed",
      userId: "cus_1",
      messageId: id,
      properties: { order_id: `order_${id}`, ...properties },
    });
    /** Longer than any test's span of time, so that a claimed call stays claimed. */
    const lease = 3_600_000;
    const ids = (records: OutboxRecord[]) => records.map((record) => record.messageId);
    const reason = "order.placed: TM_INVALID_CALL invalid call, not sent: userId or anonymousId is required";

    /** Enqueued at `at(0)`, claimed, and marked dead (by the clock, now). */
    async function killed(id: string, error: string) {
      await store.enqueue([call(id)], at(0));
      await store.claim(10, at(0), lease);
      await store.markDead([{ messageId: id, error }]);
    }

    it("check() resolves on a store it can use", async () => {
      await expect(store.check()).resolves.toBeUndefined();
    });

    it("counts calls by status, each status present at zero", async () => {
      expect(await store.counts()).toEqual({ pending: 0, retrying: 0, dead: 0, delivered: 0 });
    });

    it("stores each call pending, due at `now`, without attempts, and gives it back whole when claimed", async () => {
      await store.enqueue([call("a"), call("b", { products: [{ sku: "MUG-1", price: 12.5, quantity: 2 }], note: "é ✓" })], at(0));

      expect(await store.counts()).toEqual({ pending: 2, retrying: 0, dead: 0, delivered: 0 });
      const claimed = await store.claim(10, at(0), lease);
      expect(claimed.sort((x, y) => x.messageId.localeCompare(y.messageId))).toEqual([
        { messageId: "a", call: call("a"), status: "pending", attempts: 0, nextAttemptAt: at(0), createdAt: at(0) },
        {
          messageId: "b",
          call: call("b", { products: [{ sku: "MUG-1", price: 12.5, quantity: 2 }], note: "é ✓" }),
          status: "pending",
          attempts: 0,
          nextAttemptAt: at(0),
          createdAt: at(0),
        },
      ]);
    });

    it("keeps a call as it was stored: a later change to the caller's object does not reach it", async () => {
      const original = call("a");
      await store.enqueue([original], at(0));
      original.properties!.order_id = "changed";

      const [record] = await store.claim(10, at(0), lease);
      expect(record!.call).toEqual(call("a"));
    });

    it("keeps one call per messageId: storing it again, pending or dead, leaves the first as it is", async () => {
      await store.enqueue([call("a")], at(0));
      await store.enqueue([call("a", { second: true })], at(5));
      await store.storeDead("a", call("a", { third: true }), reason, at(6));

      expect(await store.counts()).toEqual({ pending: 1, retrying: 0, dead: 0, delivered: 0 });
      expect(await store.claim(10, at(10), lease)).toEqual([
        { messageId: "a", call: call("a"), status: "pending", attempts: 0, nextAttemptAt: at(0), createdAt: at(0) },
      ]);
    });

    it("stores a call that can never be sent as dead, with the reason, and never claims it", async () => {
      await store.storeDead("a", call("a"), reason, at(0));
      await store.enqueue([call("a", { second: true })], at(1));

      expect(await store.claim(10, at(10), lease)).toEqual([]);
      expect(await store.listDead(10)).toEqual([
        { messageId: "a", call: call("a"), status: "dead", attempts: 0, nextAttemptAt: at(0), lastError: reason, createdAt: at(0) },
      ]);
    });

    it("stores a truncated call as it is given", async () => {
      const truncated = {
        truncated: true as const,
        bytes: 10_000_000,
        prefix: '{"type":"track","event":"Order Completed","properties":{"note":"xxx',
      };
      await store.storeDead("a", truncated, reason, at(0));

      expect((await store.listDead(1))[0]!.call).toEqual(truncated);
    });

    it("claims the calls due at `now`, earliest due first, at most `limit`, and none due later", async () => {
      await store.enqueue([call("second")], at(2));
      await store.enqueue([call("first")], at(1));
      await store.enqueue([call("third")], at(3));
      await store.enqueue([call("later")], at(20));

      expect(ids(await store.claim(2, at(10), lease))).toEqual(["first", "second"]);
      expect(ids(await store.claim(10, at(10), lease))).toEqual(["third"]);
      expect(ids(await store.claim(10, at(20), lease))).toEqual(["later"]);
    });

    it("does not claim a claimed call again until its lease ends, then does", async () => {
      await store.enqueue([call("a")], at(0));
      const lease = 60_000; // a minute: until at(1)

      expect(ids(await store.claim(10, at(0), lease))).toEqual(["a"]);
      expect(await store.claim(10, new Date(at(1).getTime() - 1), lease)).toEqual([]);
      expect(await store.claim(10, at(1), lease)).toMatchObject([{ messageId: "a", status: "pending", attempts: 0 }]);
    });

    it("stores calls leased to the caller and gives them back as claimed: no claim takes them until the lease ends", async () => {
      const lease = 60_000; // a minute: until at(1)
      const claimed = await store.enqueueAndClaim([call("a")], at(0), lease, { event: "order.placed", entityIds: ["order_a"] });
      await store.enqueue([call("b")], at(0));

      expect(claimed).toEqual([
        {
          messageId: "a",
          call: call("a"),
          source: { event: "order.placed", entityIds: ["order_a"] },
          status: "pending",
          attempts: 0,
          nextAttemptAt: at(0),
          createdAt: at(0),
        },
      ]);
      expect(await store.counts()).toEqual({ pending: 2, retrying: 0, dead: 0, delivered: 0 });
      expect(ids(await store.claim(10, new Date(at(1).getTime() - 1), lease))).toEqual(["b"]);
      expect(ids(await store.claim(10, at(1), lease))).toEqual(["a"]);
    });

    it("leaves a messageId already stored as it is on enqueueAndClaim, and does not give it back", async () => {
      await store.enqueue([call("a")], at(0));

      expect(await store.enqueueAndClaim([call("a", { second: true }), call("b")], at(5), lease)).toMatchObject([{ messageId: "b" }]);
      expect(await store.enqueueAndClaim([], at(5), lease)).toEqual([]);

      expect(await store.claim(10, at(10), lease)).toEqual([
        { messageId: "a", call: call("a"), status: "pending", attempts: 0, nextAttemptAt: at(0), createdAt: at(0) },
      ]);
    });

    it("renews the lease of a claimed call: no claim takes it until the renewed lease ends", async () => {
      await store.enqueue([call("a"), call("b")], at(0));
      const lease = 60_000; // a minute: until at(1), renewed at at(0.5) until at(1.5)
      await store.claim(10, at(0), lease);

      await store.renew(["a", "unknown"], at(0.5), lease);
      await store.renew([], at(0.5), lease);

      expect(ids(await store.claim(10, at(1), lease))).toEqual(["b"]);
      expect(await store.claim(10, new Date(at(1.5).getTime() - 1), lease)).toEqual([]);
      expect(await store.claim(10, at(1.5), lease)).toMatchObject([{ messageId: "a", status: "pending", attempts: 0 }]);
    });

    it("leaves a call that is no longer leased as it is on renew: recorded, or given back", async () => {
      await store.enqueue([call("delivered"), call("retrying"), call("dead"), call("released")], at(0));
      await store.claim(10, at(0), lease);
      await store.enqueue([call("never claimed")], at(0));
      await store.markDelivered(["delivered"]);
      await store.markRetry([{ messageId: "retrying", error: "Segment delivery failed: [503] Service Unavailable", retryAt: at(1) }]);
      await store.markDead([{ messageId: "dead", error: "Segment delivery failed: [400] Bad Request" }]);
      await store.release(["released"]);

      await store.renew(["delivered", "retrying", "dead", "released", "never claimed"], at(0), lease);

      expect(ids(await store.claim(10, at(1), lease)).sort()).toEqual(["never claimed", "released", "retrying"]);
      expect(await store.counts()).toEqual({ pending: 2, retrying: 1, dead: 1, delivered: 1 });
    });

    it("gives claimed calls back at once on release, without counting an attempt", async () => {
      await store.enqueue([call("a"), call("b")], at(0));
      await store.claim(10, at(0), lease);

      await store.release(["a", "unknown"]);
      await store.release([]);

      expect(await store.claim(10, at(0), lease)).toMatchObject([{ messageId: "a", status: "pending", attempts: 0 }]);
    });

    it("leaves a call that is no longer pending or retrying as it is on release", async () => {
      await store.enqueue([call("delivered"), call("dead")], at(0));
      await store.claim(10, at(0), lease);
      await store.markDelivered(["delivered"]);
      await store.markDead([{ messageId: "dead", error: "Segment delivery failed: [400] Bad Request" }]);

      await store.release(["delivered", "dead"]);

      expect(await store.claim(10, at(10), lease)).toEqual([]);
      expect(await store.counts()).toEqual({ pending: 0, retrying: 0, dead: 1, delivered: 1 });
    });

    it("marks calls delivered, and never claims them again", async () => {
      await store.enqueue([call("a")], at(0));
      await store.enqueue([call("b")], at(1));
      await store.claim(10, at(0), lease);

      await store.markDelivered(["a", "unknown"]);
      await store.markDelivered([]);

      expect(await store.counts()).toEqual({ pending: 1, retrying: 0, dead: 0, delivered: 1 });
      expect(ids(await store.claim(10, at(10), lease))).toEqual(["b"]);
    });

    it("tries a failed call again at its own retry time, with the error kept and the attempt counted", async () => {
      await store.enqueue([call("a"), call("b")], at(0));
      await store.claim(10, at(0), lease);

      await store.markRetry([
        { messageId: "a", error: "Segment delivery failed: [503] Service Unavailable", retryAt: at(5) },
        { messageId: "b", error: "Segment delivery failed: [429] Too Many Requests", retryAt: at(2) },
        { messageId: "unknown", error: "Segment delivery failed: [500] Internal Server Error", retryAt: at(2) },
      ]);
      await store.markRetry([]);

      expect(await store.counts()).toEqual({ pending: 0, retrying: 2, dead: 0, delivered: 0 });
      expect(await store.claim(10, new Date(at(2).getTime() - 1), lease)).toEqual([]);
      expect(await store.claim(10, at(2), lease)).toEqual([
        {
          messageId: "b",
          call: call("b"),
          status: "retrying",
          attempts: 1,
          nextAttemptAt: at(2),
          lastError: "Segment delivery failed: [429] Too Many Requests",
          createdAt: at(0),
          firstAttemptAt: expect.any(Date),
          lastAttemptAt: expect.any(Date),
        },
      ]);
      expect(await store.claim(10, at(5), lease)).toMatchObject([
        { messageId: "a", attempts: 1, lastError: "Segment delivery failed: [503] Service Unavailable" },
      ]);
    });

    it("keeps a call given up as dead, with the reason and the attempt counted, and never claims it again", async () => {
      await store.enqueue([call("a")], at(0));
      await store.enqueue([call("b")], at(1));
      await store.claim(10, at(0), lease);

      await store.markDead([
        { messageId: "a", error: "Segment delivery failed: [400] Bad Request" },
        { messageId: "unknown", error: "Segment delivery failed: [400] Bad Request" },
      ]);
      await store.markDead([]);

      expect(await store.counts()).toEqual({ pending: 1, retrying: 0, dead: 1, delivered: 0 });
      expect(await store.listDead(10)).toEqual([
        {
          messageId: "a",
          call: call("a"),
          status: "dead",
          attempts: 1,
          nextAttemptAt: at(0),
          lastError: "Segment delivery failed: [400] Bad Request",
          createdAt: at(0),
          firstAttemptAt: expect.any(Date),
          lastAttemptAt: expect.any(Date),
        },
      ]);
      expect(ids(await store.claim(10, at(10), lease))).toEqual(["b"]);
    });

    it("records when a call was first and last tried: set by every outcome, the first kept through re-sends", async () => {
      await store.enqueue([call("a"), call("waiting")], at(0));
      await store.storeDead("invalid", call("invalid"), reason, at(0));
      const attemptTimes = async () =>
        Object.fromEntries(
          (await store.listCalls({ limit: 10 })).records.map((record) => [record.messageId, [record.firstAttemptAt, record.lastAttemptAt]]),
        );
      const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

      await store.claim(1, at(0), lease);
      await store.markRetry([{ messageId: "a", error: "Segment delivery failed: [503] Service Unavailable", retryAt: at(1) }]);
      const retried = await attemptTimes();
      const [first, lastOfRetry] = retried.a!;
      expect(first).toBeInstanceOf(Date);
      expect(lastOfRetry).toEqual(first);
      // Never tried: waiting, or stored dead as invalid.
      expect([retried.waiting, retried.invalid]).toEqual([
        [undefined, undefined],
        [undefined, undefined],
      ]);

      await pause();
      await store.claim(1, at(1), lease);
      await store.markDead([{ messageId: "a", error: "Segment delivery failed: [400] Bad Request" }]);
      const [firstAfterDeath, lastOfDeath] = (await attemptTimes()).a!;
      expect(firstAfterDeath).toEqual(first);
      expect(lastOfDeath!.getTime()).toBeGreaterThan(first!.getTime());

      await pause();
      await store.resend(["a"], at(2));
      await store.claim(10, at(2), lease);
      await store.markDelivered(["a"]);
      const [firstAfterResend, lastOfDelivery] = (await attemptTimes()).a!;
      expect(firstAfterResend).toEqual(first);
      expect(lastOfDelivery!.getTime()).toBeGreaterThan(lastOfDeath!.getTime());
    });

    it("counts calls of every status", async () => {
      await store.enqueue([call("pending"), call("retrying"), call("delivered"), call("dead")], at(0));
      await store.storeDead("invalid", call("invalid"), reason, at(0));
      await store.claim(10, at(0), lease);
      await store.markRetry([{ messageId: "retrying", error: "Segment delivery failed: [503] Service Unavailable", retryAt: at(5) }]);
      await store.markDelivered(["delivered"]);
      await store.markDead([{ messageId: "dead", error: "Segment delivery failed: [400] Bad Request" }]);
      await store.release(["pending"]);

      expect(await store.counts()).toEqual({ pending: 1, retrying: 1, dead: 2, delivered: 1 });
    });

    it("lists dead calls most recently given up first, at most `limit`, whenever they were stored", async () => {
      await store.storeDead("old", call("old"), reason, at(1));
      await store.storeDead("new", call("new"), reason, at(3));
      await store.storeDead("middle", call("middle"), reason, at(2));
      // Stored first, given up last (by the clock, now).
      await killed("killed", "Segment delivery failed: [400] Bad Request");

      expect(ids(await store.listDead(10))).toEqual(["killed", "new", "middle", "old"]);
      expect(ids(await store.listDead(2))).toEqual(["killed", "new"]);
      expect(await store.listDead(0)).toEqual([]);
    });

    it("pages dead calls: `limit` of them after skipping `offset`", async () => {
      for (const [i, id] of ["a", "b", "c", "d", "e"].entries()) await store.storeDead(id, call(id), reason, at(i));

      expect(ids(await store.listDead(2))).toEqual(["e", "d"]);
      expect(ids(await store.listDead(2, 2))).toEqual(["c", "b"]);
      expect(ids(await store.listDead(2, 4))).toEqual(["a"]);
      expect(await store.listDead(2, 5)).toEqual([]);
    });

    it("lists calls of every status newest first, the same time ordered by messageId, with how many in all", async () => {
      await store.enqueue([call("old")], at(0));
      await store.enqueue([call("b"), call("a"), call("c")], at(1));
      await store.storeDead("dead", call("dead"), reason, at(2));
      await store.claim(10, at(1), lease);
      await store.markDelivered(["old"]);

      const page = await store.listCalls({ limit: 10 });

      expect(page.total).toBe(5);
      expect(ids(page.records)).toEqual(["dead", "c", "b", "a", "old"]);
      expect(page.records[0]).toEqual({
        messageId: "dead",
        call: call("dead"),
        status: "dead",
        attempts: 0,
        nextAttemptAt: at(2),
        lastError: reason,
        createdAt: at(2),
      });
      expect(page.records[4]).toMatchObject({ messageId: "old", status: "delivered", attempts: 1 });
    });

    it("pages the calls listed: `limit` of them after skipping `offset`, the total unchanged", async () => {
      for (const [i, id] of ["a", "b", "c", "d", "e"].entries()) await store.enqueue([call(id)], at(i));

      expect(await store.listCalls({ limit: 2, offset: 2 })).toMatchObject({ total: 5, records: [{ messageId: "c" }, { messageId: "b" }] });
      expect(await store.listCalls({ limit: 2, offset: 4 })).toMatchObject({ total: 5, records: [{ messageId: "a" }] });
      expect(await store.listCalls({ limit: 2, offset: 5 })).toEqual({ total: 5, totalCapped: false, records: [] });
    });

    it("counts the matching calls up to `countUpTo` when asked, and says when more match", async () => {
      for (const [i, id] of ["a", "b", "c", "d", "e"].entries()) await store.enqueue([call(id)], at(i));

      expect(await store.listCalls({ limit: 2, countUpTo: 3 })).toMatchObject({
        total: 3,
        totalCapped: true,
        records: [{ messageId: "e" }, { messageId: "d" }],
      });
      expect(await store.listCalls({ limit: 2, countUpTo: 5 })).toMatchObject({ total: 5, totalCapped: false });
      expect(await store.listCalls({ limit: 2, countUpTo: 9, status: "dead" })).toMatchObject({ total: 0, totalCapped: false });
    });

    it("lists the rows of a status, the calls of a track event or a call type, and all three together", async () => {
      const identify = { type: "identify" as const, userId: "cus_1", messageId: "identify", traits: { email: "ada@example.com" } };
      const shipped = { ...call("shipped"), event: "Order Shipped" };
      await store.enqueue([call("completed"), shipped, identify], at(0));
      await store.storeDead("dead", call("dead"), reason, at(1));
      const failed = { name: "order.placed", data: { id: "order_1" } };
      await store.storeDeadEvent("tm-event-1", failed, "TM_EVAL_TIMEOUT over budget", at(1), { event: "order.placed", entityIds: ["order_1"] });

      const listed = async (filter: Omit<OutboxCallQuery, "limit">) => {
        const page = await store.listCalls({ limit: 10, ...filter });
        return { ids: ids(page.records), total: page.total };
      };
      // A failed event kept dead is listed with the dead calls, never as a call of an event or a type.
      expect(await listed({ status: "dead" })).toEqual({ ids: ["tm-event-1", "dead"], total: 2 });
      expect(await listed({ event: "Order Completed" })).toEqual({ ids: ["dead", "completed"], total: 2 });
      expect(await listed({ type: "identify" })).toEqual({ ids: ["identify"], total: 1 });
      expect(await listed({ status: "pending", event: "Order Completed", type: "track" })).toEqual({ ids: ["completed"], total: 1 });
      expect(await listed({ status: "retrying" })).toEqual({ ids: [], total: 0 });
    });

    it("counts per minute the calls stored and those delivered from `since` on, oldest minute first, empty minutes left out", async () => {
      const minute = (m: number) => new Date(Math.floor(at(m).getTime() / 60_000) * 60_000);
      const within = (m: number, seconds: number) => new Date(minute(m).getTime() + seconds * 1000);
      await store.enqueue([call("before")], within(0, 30));
      await store.enqueue([call("a")], within(2, 5));
      await store.enqueue([call("b")], within(2, 50));
      await store.storeDead("dead", call("dead"), reason, within(5, 0));
      await store.claim(10, at(10), lease);
      const deliveredFrom = Math.floor(Date.now() / 60_000) * 60_000;
      await store.markDelivered(["a", "before"]);
      const deliveredTo = Math.floor(Date.now() / 60_000) * 60_000;

      const activity = await store.activity(minute(1));

      expect(activity.slice(0, 2)).toEqual([
        { minute: minute(2), stored: 2, delivered: 0 },
        { minute: minute(5), stored: 1, delivered: 0 },
      ]);
      // Delivered now, by the clock: "before" counts as delivered although it was stored before `since`.
      expect(activity.slice(2)).toHaveLength(1);
      expect(activity[2]).toMatchObject({ stored: 0, delivered: 2 });
      expect(activity[2]!.minute.getTime()).toBeGreaterThanOrEqual(deliveredFrom);
      expect(activity[2]!.minute.getTime()).toBeLessThanOrEqual(deliveredTo);
      expect(await store.activity(new Date(Date.now() + 60_000))).toEqual([]);
    });

    it("re-sends the dead calls named, pending and due at `now`, and says how many", async () => {
      await store.storeDead("a", call("a"), reason, at(0));
      await store.storeDead("b", call("b"), reason, at(0));
      await store.enqueue([call("pending")], at(0));

      expect(await store.resend(["a", "pending", "unknown"], at(30))).toBe(1);

      expect(await store.counts()).toEqual({ pending: 2, retrying: 0, dead: 1, delivered: 0 });
      expect(ids(await store.listDead(10))).toEqual(["b"]);
      expect(ids(await store.claim(10, at(29), lease))).toEqual(["pending"]);
      expect(await store.claim(10, at(30), lease)).toEqual([
        { messageId: "a", call: call("a"), status: "pending", attempts: 0, nextAttemptAt: at(30), lastError: reason, createdAt: at(0) },
      ]);
    });

    it("re-sends every dead call when none is named, due at once by default", async () => {
      await store.storeDead("a", call("a"), reason, at(0));
      await killed("b", "Segment delivery failed: [400] Bad Request");

      expect(await store.resend()).toBe(2);
      expect(await store.resend()).toBe(0);

      expect(await store.counts()).toEqual({ pending: 2, retrying: 0, dead: 0, delivered: 0 });
      expect(ids(await store.claim(10, new Date(), lease)).sort()).toEqual(["a", "b"]);
    });

    it("forgets delivered calls stored before `before`, and no others", async () => {
      await store.enqueue([call("early")], at(1));
      await store.enqueue([call("on time")], at(2));
      await store.claim(10, at(2), lease);
      await store.markDelivered(["early", "on time"]);
      await store.enqueue([call("pending")], at(0));
      await store.storeDead("dead", call("dead"), reason, at(0));

      expect(await store.purgeDelivered(at(2))).toBe(1);

      expect(await store.counts()).toEqual({ pending: 1, retrying: 0, dead: 1, delivered: 1 });
      expect(await store.purgeDelivered(new Date(at(2).getTime() + 1))).toBe(1);
      expect(await store.counts()).toEqual({ pending: 1, retrying: 0, dead: 1, delivered: 0 });
    });

    it("forgets dead calls given up before `before`, counting a re-sent call that died again from then", async () => {
      await store.storeDead("early", call("early"), reason, at(1));
      await store.storeDead("on time", call("on time"), reason, at(2));
      await store.storeDead("re-sent", call("re-sent"), reason, at(0));
      await store.resend(["re-sent"], at(0));
      await store.claim(10, at(0), lease);
      await store.markDead([{ messageId: "re-sent", error: "Segment delivery failed: [400] Bad Request" }]);
      await store.enqueue([call("pending")], at(0));

      expect(await store.purgeDead(at(2))).toBe(1);

      expect(ids(await store.listDead(10))).toEqual(["re-sent", "on time"]);
      expect(await store.purgeDead(new Date(Date.now() + 60_000))).toBe(2);
      expect(await store.counts()).toEqual({ pending: 1, retrying: 0, dead: 0, delivered: 0 });
    });

    describe("source events and entities", () => {
      const placed = (orderId: string) => ({ event: "order.placed", entityIds: [orderId, "cus_1"] });

      it("keeps the source event and entity ids of each call, and none for a call written by hand", async () => {
        await store.enqueue([call("mapped")], at(0), placed("order_1"));
        await store.enqueue([call("by hand")], at(0));
        await store.storeDead("invalid", call("invalid"), reason, at(0), placed("order_1"));

        const claimed = await store.claim(10, at(0), lease);
        expect(claimed.find((record) => record.messageId === "mapped")?.source).toEqual(placed("order_1"));
        expect(claimed.find((record) => record.messageId === "by hand")).not.toHaveProperty("source");
        expect((await store.listDead(10))[0]?.source).toEqual(placed("order_1"));
      });

      it("keeps a source per call when one batch holds the calls of several events (a backfill's page)", async () => {
        const sources: Record<string, CallSource> = { "order 1 placed": placed("order_1"), "order 2 placed": placed("order_2") };

        await store.enqueue([call("order 1 placed"), call("order 2 placed"), call("by hand")], at(0), (c) => sources[c.messageId ?? ""]);

        expect(ids(await store.listForEntity("order_2", 10))).toEqual(["order 2 placed"]);
        const claimed = await store.claim(10, at(0), lease);
        expect(claimed.find((record) => record.messageId === "order 1 placed")?.source).toEqual(placed("order_1"));
        expect(claimed.find((record) => record.messageId === "by hand")).not.toHaveProperty("source");
      });

      it("lists the rows that concern one entity, newest first, page by page", async () => {
        await store.enqueue([call("first")], at(0), placed("order_1"));
        await store.enqueue([call("other order")], at(1), { event: "order.placed", entityIds: ["order_2", "cus_2"] });
        await store.storeDead("second", call("second"), reason, at(2), placed("order_1"));
        await store.storeDeadEvent("tm-event-1", { name: "order.placed", data: { id: "order_1" } }, reason, at(3), placed("order_1"));
        await store.enqueue([call("by hand")], at(4));

        expect(ids(await store.listForEntity("order_1", 10))).toEqual(["tm-event-1", "second", "first"]);
        expect(ids(await store.listForEntity("cus_1", 2))).toEqual(["tm-event-1", "second"]);
        expect(ids(await store.listForEntity("cus_1", 2, 2))).toEqual(["first"]);
        expect(ids(await store.listForEntity("order_2", 10))).toEqual(["other order"]);
        expect(await store.listForEntity("order_3", 10)).toEqual([]);
      });

      it("lists the rows that concern any of several entities, each once: a customer's own and their orders'", async () => {
        await store.enqueue([call("signed up")], at(0), { event: "customer.created", entityIds: ["cus_1"] });
        await store.enqueue([call("first order")], at(1), { event: "order.placed", entityIds: ["order_1"] });
        await store.enqueue([call("second order")], at(2), { event: "order.placed", entityIds: ["order_2", "cus_1"] });
        await store.enqueue([call("someone else's")], at(3), { event: "order.placed", entityIds: ["order_3", "cus_2"] });

        expect(ids(await store.listForEntity(["cus_1", "order_1", "order_2"], 10))).toEqual(["second order", "first order", "signed up"]);
        expect(ids(await store.listForEntity(["cus_1", "order_1", "order_2"], 2, 1))).toEqual(["first order", "signed up"]);
        expect(await store.listForEntity([], 10)).toEqual([]);
      });

      it("keeps an event whose mapping failed as a dead event row, listed with the dead calls, never claimed nor re-sent by the store", async () => {
        const event = { name: "order.placed", data: { id: "order_1" } };
        const timeout = "order.placed: mappings/order-placed.yaml:12:7: TM_EVAL_TIMEOUT the event ran past its budget of 1000 ms (budgetMs)";
        await store.storeDeadEvent("tm-event-1", event, timeout, at(0), placed("order_1"));

        expect(await store.counts()).toEqual({ pending: 0, retrying: 0, dead: 1, delivered: 0 });
        const expected = {
          messageId: "tm-event-1",
          event,
          source: placed("order_1"),
          status: "dead",
          attempts: 0,
          nextAttemptAt: at(0),
          lastError: timeout,
          createdAt: at(0),
        };
        expect(await store.listDead(10)).toEqual([expected]);
        expect(await store.deadEvents()).toEqual([expected]);
        expect(await store.resend(undefined, at(1))).toBe(0);
        expect(await store.claim(10, at(10), lease)).toEqual([]);
        expect(await store.deadEvents(["tm-event-1"])).toEqual([expected]);
        expect(await store.deadEvents(["other"])).toEqual([]);
      });

      it("keeps one row per failed event: failing again makes it dead with the reason of now, most recently given up", async () => {
        const event = { name: "order.placed", data: { id: "order_1" } };
        await store.storeDeadEvent("tm-event-1", event, "TM_EVAL_TIMEOUT first", at(0), placed("order_1"));
        await store.storeDead("call", call("call"), reason, at(1));
        await store.storeDeadEvent("tm-event-1", event, "TM_EVAL_MEMORY again", at(2), placed("order_1"));

        const dead = await store.listDead(10);
        expect(ids(dead)).toEqual(["tm-event-1", "call"]);
        expect(dead[0]).toMatchObject({ lastError: "TM_EVAL_MEMORY again", createdAt: at(0), event });
        expect(await store.counts()).toEqual({ pending: 0, retrying: 0, dead: 2, delivered: 0 });
      });

      it("forgets the rows named on remove, and says how many", async () => {
        await store.storeDeadEvent("tm-event-1", { name: "order.placed", data: { id: "order_1" } }, reason, at(0), placed("order_1"));
        await store.enqueue([call("a")], at(0));

        expect(await store.remove(["tm-event-1", "unknown"])).toBe(1);
        expect(await store.remove([])).toBe(0);
        expect(await store.deadEvents()).toEqual([]);
        expect(await store.counts()).toEqual({ pending: 1, retrying: 0, dead: 0, delivered: 0 });
      });
    });
  });
}
