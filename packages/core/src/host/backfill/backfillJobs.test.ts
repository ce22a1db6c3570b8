import { afterEach, describe, expect, it } from "vitest";
import type { SegmentCall } from "../../calls/segmentCall";
import { createMemoryDestination, createMemoryOutboxStore, createOutboxDestination, type OutboxDestination } from "../../deliver";
import { useTestPostgres } from "../../testHelpers/testPostgres";
import { BackfillJobs, type BackfillJobStore, createMemoryBackfillJobStore } from "./backfillJobs";
import { BACKFILL_TABLE, BACKFILL_TABLE_SQL, createPostgresBackfillJobStore } from "./postgresBackfillJobStore";
import type { BackfillMapper } from "./backfillMapper";
import type { BackfillProgress } from "./backfillProgress";
import { type BackfillRecord, createMemoryBackfillSource } from "./backfillSource";
import { runBackfill } from "./runBackfill";

// Jobs over the real engine and the memory outbox; each record maps to one call named after it.

const history: BackfillRecord[] = Array.from({ length: 40 }, (_, i) => {
  const createdAt = new Date(Date.UTC(2026, 0, 1 + i));
  return { id: `order_${String(i).padStart(2, "0")}`, createdAt, events: [{ name: "order.placed", data: { id: `order_${i}` }, at: createdAt }] };
});
const map: BackfillMapper = async (event) => {
  const id = (event.data as { id: string }).id;
  const call: SegmentCall = { type: "track", event: "Order Completed", userId: "u", messageId: `tm-${id}`, properties: { order_id: id } };
  return { calls: [call], errors: [], rejected: [] };
};

const open: OutboxDestination[] = [];
afterEach(() => Promise.all(open.splice(0).map((d) => d.close({ timeoutMs: 1000 }))));

const database = useTestPostgres({ dropAfterEach: BACKFILL_TABLE });

/** The same behaviour from the store in memory and the one in the store's database (the table the plugins' migrations make). */
const STORES: Array<[string, () => Promise<BackfillJobStore>]> = [
  ["in memory", async () => createMemoryBackfillJobStore()],
  [
    "in PostgreSQL",
    async () => {
      for (const statement of BACKFILL_TABLE_SQL.split(";\n")) await database().query(statement);
      return createPostgresBackfillJobStore(database());
    },
  ],
];

/** `beforeSave` runs before each checkpoint is saved: where another process's pause or cancel lands in these tests. */
function jobs(store: BackfillJobStore, beforeSave?: (done: number) => Promise<unknown> | false) {
  const outbox = createMemoryOutboxStore();
  const sent = createMemoryDestination();
  const destination = createOutboxDestination({ store: outbox, sender: sent, pollIntervalMs: 10 });
  open.push(destination);
  const manager = new BackfillJobs({
    store,
    run: (options) =>
      runBackfill({
        ...options,
        source: createMemoryBackfillSource(history),
        map,
        outbox: { store: outbox, destination },
        pageSize: 10,
        pollMs: 5,
        rate: 0,
        saveCheckpoint: async (checkpoint) => {
          await beforeSave?.(checkpoint.done);
          await options.saveCheckpoint(checkpoint);
        },
      }),
  });
  return { manager, store, sent };
}

describe.each(STORES)("BackfillJobs with jobs kept %s", (_, newStore) => {
  it("runs a job to the end and keeps its progress", async () => {
    const { manager, sent } = jobs(await newStore());
    const job = await manager.start({ events: ["order.placed"] });
    expect(job).toMatchObject({ status: "completed", checkpoint: { done: 40, calls: 40 }, progress: { total: 40, done: 40 } });
    expect(sent.calls).toHaveLength(40);
    expect(await manager.get()).toBeUndefined();
    expect((await manager.get(job.id))?.status).toBe("completed");
  });

  it("saves with each checkpoint the progress as of that checkpoint, for the admin's progress bar", async () => {
    const store = await newStore();
    const saved: Array<[number, number | undefined]> = [];
    // Before each save, what the store holds from the one before.
    const { manager } = jobs(store, async () => {
      const job = await store.active();
      saved.push([job!.checkpoint.done, job!.progress?.done]);
    });
    await manager.start({});

    expect(saved).toEqual([
      [0, undefined],
      [10, 10],
      [20, 20],
      [30, 30],
    ]);
  });

  it("is paused from elsewhere at its next checkpoint, refuses a second job meanwhile, and resumes without sending a call twice", async () => {
    const store = await newStore();
    // Another process pauses the job while its second page is stored: the runner sees it when it saves the checkpoint.
    const { manager, sent } = jobs(store, (done) => done === 20 && new BackfillJobs({ store, run: never }).pause());
    const paused = await manager.start({});
    expect(paused).toMatchObject({ status: "paused", checkpoint: { done: 20 } });

    await expect(manager.start({})).rejects.toMatchObject({ code: "TM_BACKFILL_RUNNING" });

    const resumed = await manager.resume();
    expect(resumed).toMatchObject({ status: "completed", checkpoint: { done: 40, calls: 40 } });
    const ids = sent.calls.map((c) => c.messageId);
    expect(new Set(ids).size).toBe(40);
    expect(ids).toHaveLength(40);
  });

  it("cancels the active job for good, after which another may start", async () => {
    const store = await newStore();
    let cancels = 1;
    const { manager } = jobs(store, (done) => done === 10 && cancels-- > 0 && new BackfillJobs({ store, run: never }).cancel());
    expect((await manager.start({})).status).toBe("canceled");
    expect(await manager.resume()).toBeUndefined();
    expect((await manager.start({})).status).toBe("completed");
  });

  it("resumes a running job only once its process is gone (not updated for staleMs)", async () => {
    const store = await newStore();
    const now = new Date();
    await store.insert({ id: "job_1", status: "running", request: {}, checkpoint: { done: 0, calls: 0, errors: 0 }, createdAt: now, updatedAt: now });
    const { manager } = jobs(store);
    await expect(manager.resume()).rejects.toMatchObject({ code: "TM_BACKFILL_RUNNING" });

    expect(await manager.recover()).toBeUndefined();

    await store.update("job_1", { updatedAt: new Date(Date.now() - 10 * 60_000) });
    expect(await manager.recover()).toMatchObject({ id: "job_1", status: "completed" });
  });

  it("resumes a running job at once when forced (its process was killed)", async () => {
    const store = await newStore();
    const now = new Date();
    await store.insert({ id: "job_2", status: "running", request: {}, checkpoint: { done: 0, calls: 0, errors: 0 }, createdAt: now, updatedAt: now });
    const { manager } = jobs(store);
    expect(await manager.resume(undefined, { force: true })).toMatchObject({ id: "job_2", status: "completed" });
  });

  it("is paused from elsewhere while it waits for Segment, with no checkpoint to come", async () => {
    const store = await newStore();
    const outbox = createMemoryOutboxStore();
    const closed = createMemoryDestination();
    await closed.close();
    // Every send fails: the run's calls stay in the outbox, and it waits for them after its last page.
    const destination = createOutboxDestination({ store: outbox, sender: closed, pollIntervalMs: 10, baseBackoffMs: 10, maxBackoffMs: 20 });
    open.push(destination);
    const manager = new BackfillJobs({
      store,
      statusPollMs: 20,
      run: (options) =>
        runBackfill({ ...options, source: createMemoryBackfillSource(history), map, outbox: { store: outbox, destination }, pollMs: 5, rate: 0 }),
    });
    const running = manager.start({});
    await until(async () => (await store.active())?.checkpoint.done === 40);

    await new BackfillJobs({ store, run: never }).pause();

    expect(await running).toMatchObject({ status: "paused", checkpoint: { done: 40, calls: 40 } });
  });

  it("leaves a job resumed by another runner to it, when the paused runner ends after the resume", async () => {
    const store = await newStore();
    const idle: BackfillProgress = { done: 0, calls: 0, errors: 0, total: 40, recordsPerSecond: 0, callsPerSecond: 0, recentErrors: [] };
    // The first runner sees the pause but takes its time to end (a batch in hand); the second is still running when it does.
    let endFirst: (() => void) | undefined;
    let endSecond: (() => void) | undefined;
    const first = new BackfillJobs({
      store,
      statusPollMs: 10,
      run: ({ signal }) =>
        new Promise((resolve) => signal?.addEventListener("abort", () => (endFirst = () => resolve({ status: "stopped", progress: idle })))),
    });
    const second = new BackfillJobs({
      store,
      run: () => new Promise((resolve) => (endSecond = () => resolve({ status: "completed", progress: idle }))),
    });
    const firstRun = first.start({});
    await new BackfillJobs({ store, run: never }).pause();
    await until(async () => endFirst !== undefined);
    const secondRun = second.resume();
    await until(async () => endSecond !== undefined);

    endFirst?.();

    expect(await firstRun).toMatchObject({ status: "running" });
    // Not taken for a job whose process stopped: nobody starts a third runner beside the second.
    expect(await new BackfillJobs({ store, run: never }).recover()).toBeUndefined();
    endSecond?.();
    expect(await secondRun).toMatchObject({ status: "completed" });
  });

  it("recovers only a job left running, never a paused one", async () => {
    const store = await newStore();
    const { manager } = jobs(store, (done) => done === 10 && new BackfillJobs({ store, run: never }).pause());
    await manager.start({});
    expect(await manager.recover()).toBeUndefined();
    expect((await manager.get())?.status).toBe("paused");
  });
});

const never = () => Promise.reject(new Error("not run"));

async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
