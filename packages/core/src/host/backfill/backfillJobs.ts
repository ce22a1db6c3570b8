import type { JsonObject } from "../../calls/segmentCall";
import { TrackmapError } from "../../diagnostics/trackmapError";
import type { BackfillCheckpoint, BackfillProgress } from "./backfillProgress";
import type { BackfillRange } from "./backfillSource";
import type { BackfillOptions, BackfillResult } from "./runBackfill";

/** `running` and `paused` are active: a store has at most one active job. */
export type BackfillJobStatus = "running" | "paused" | "canceled" | "completed" | "failed";

/** What a backfill was asked to do; kept with the job so that a resume does the same. */
export interface BackfillRequest {
  from?: string;
  to?: string;
  events?: string[];
  rate?: number;
  integrations?: JsonObject;
}

export interface BackfillJob {
  id: string;
  status: BackfillJobStatus;
  request: BackfillRequest;
  checkpoint: BackfillCheckpoint;
  /** The last progress the runner saved (rates, ETA, recent errors), for the admin API. */
  progress?: BackfillProgress;
  /** Why it failed. */
  error?: string;
  createdAt: Date;
  /** Refreshed at every checkpoint: a running job not updated for long is one whose process died. */
  updatedAt: Date;
}

/** Where jobs are kept: the store's database (the Medusa plugin's table), or memory for tests. */
export interface BackfillJobStore {
  /** The running or paused job, if any. */
  active(): Promise<BackfillJob | undefined>;
  get(id: string): Promise<BackfillJob | undefined>;
  /**
   * Stores a new running job, unless one is active: resolves undefined then. It must be atomic across
   * processes (a unique index on active jobs), so that two starts at once give one job.
   */
  insert(job: BackfillJob): Promise<BackfillJob | undefined>;
  update(id: string, changes: Partial<Omit<BackfillJob, "id" | "createdAt">>): Promise<BackfillJob | undefined>;
}

/** What a job runs: the host runtime's backfill with the host's source. */
export type BackfillRunner = (options: Omit<BackfillOptions, "map" | "outbox" | "source"> & { integrations?: JsonObject }) => Promise<BackfillResult>;

export interface BackfillJobsOptions {
  store: BackfillJobStore;
  run: BackfillRunner;
  /** A running job not updated for this long is taken as stopped (its process died) and may be resumed. Default 2 minutes. */
  staleMs?: number;
  newId?: () => string;
  /** Told the progress after every page (a script's progress bar). */
  onProgress?: (progress: BackfillProgress) => void;
  /** How often a running job's row is read for a pause or cancel from elsewhere, besides at each checkpoint. Default 5 s. */
  statusPollMs?: number;
}

/**
 * Backfills as jobs of the store: one active at a time, its checkpoint saved with it after every
 * page, paused, resumed or cancelled from any process (the runner sees the change at its next
 * checkpoint and stops), and resumed after a crash from where it was.
 */
export class BackfillJobs {
  private readonly staleMs: number;

  constructor(private readonly options: BackfillJobsOptions) {
    this.staleMs = options.staleMs ?? 120_000;
  }

  /** Creates a job and runs it; rejects with TM_BACKFILL_RUNNING while another is active. `started` is told the job at once. */
  async start(request: BackfillRequest, started?: (job: BackfillJob) => void): Promise<BackfillJob> {
    const now = new Date();
    const job = await this.options.store.insert({
      id: this.options.newId?.() ?? `tmbf_${now.getTime().toString(36)}${Math.random().toString(36).slice(2, 8)}`,
      status: "running",
      request,
      checkpoint: { done: 0, calls: 0, errors: 0 },
      createdAt: now,
      updatedAt: now,
    });
    if (!job) throw await this.busy();
    started?.(job);
    return this.execute(job);
  }

  /**
   * Runs the active job again from its checkpoint: a paused one, or a running one whose process
   * stopped (not updated for `staleMs`). Rejects with TM_BACKFILL_RUNNING when it runs elsewhere,
   * unless `force` (the operator knows its process is gone, e.g. killed): were it still running, both
   * would store the same calls, which the outbox keeps once.
   */
  async resume(started?: (job: BackfillJob) => void, { force = false } = {}): Promise<BackfillJob | undefined> {
    const active = await this.options.store.active();
    if (!active) return undefined;
    if (!force && active.status === "running" && Date.now() - active.updatedAt.getTime() < this.staleMs) throw await this.busy();
    return this.resumeJob(active, started);
  }

  /**
   * Resumes the job a process left running when it died or stopped (not a paused one), if any: what
   * a scheduled job of the store calls, so that a backfill survives restarts without anyone.
   */
  async recover(started?: (job: BackfillJob) => void): Promise<BackfillJob | undefined> {
    const active = await this.options.store.active();
    if (active?.status !== "running" || Date.now() - active.updatedAt.getTime() < this.staleMs) return undefined;
    return this.resumeJob(active, started);
  }

  private async resumeJob(active: BackfillJob, started?: (job: BackfillJob) => void): Promise<BackfillJob | undefined> {
    const job = await this.options.store.update(active.id, { status: "running", updatedAt: new Date() });
    if (!job) return undefined;
    started?.(job);
    return this.execute(job);
  }

  /** Asks the active job to stop after its batch in hand; it keeps its checkpoint, to resume. */
  pause(): Promise<BackfillJob | undefined> {
    return this.setActive("paused");
  }

  /** Ends the active job for good; what it stored stays in the outbox and is sent. */
  cancel(): Promise<BackfillJob | undefined> {
    return this.setActive("canceled");
  }

  /** The active job, or the one named. */
  async get(id?: string): Promise<BackfillJob | undefined> {
    return id ? this.options.store.get(id) : this.options.store.active();
  }

  private async setActive(status: "paused" | "canceled"): Promise<BackfillJob | undefined> {
    const active = await this.options.store.active();
    return active ? this.options.store.update(active.id, { status, updatedAt: new Date() }) : undefined;
  }

  private async execute(job: BackfillJob): Promise<BackfillJob> {
    const { store } = this.options;
    const stop = new AbortController();
    /** Set once this runner saw the job paused or cancelled: from then on, the job is no longer its to write. */
    let stoppedFromElsewhere = false;
    const stopFromElsewhere = () => {
      stoppedFromElsewhere = true;
      stop.abort();
    };
    let progress: BackfillProgress | undefined;
    const { events, rate, integrations } = job.request;
    // Also while the run waits (on the backlog, on a Segment answering 429, for the last deliveries), when no
    // checkpoint comes to notice a pause or cancel.
    const watch = setInterval(() => {
      store.get(job.id).then(
        (latest) => latest?.status !== "running" && stopFromElsewhere(),
        () => undefined,
      );
    }, this.options.statusPollMs ?? 5_000);
    try {
      const result = await this.options.run({
        range: backfillRange(job.request),
        events,
        rate,
        integrations,
        checkpoint: job.checkpoint,
        signal: stop.signal,
        onProgress: (p) => {
          progress = p;
          this.options.onProgress?.(p);
        },
        saveCheckpoint: async (checkpoint) => {
          const saved = await store.update(job.id, { checkpoint, progress, updatedAt: new Date() });
          // Paused or cancelled from elsewhere (the admin API, another process).
          if (saved?.status !== "running") stopFromElsewhere();
        },
      });
      if (result.status === "completed")
        return (await store.update(job.id, { status: "completed", progress: result.progress, updatedAt: new Date() })) ?? job;
      const latest = await store.get(job.id);
      // Seen paused or cancelled, and running again now: resumed meanwhile, by a runner that owns it now.
      if (stoppedFromElsewhere && latest?.status === "running") return latest;
      // Paused or cancelled: it stays so. Still running: this process is closing; it is marked as not
      // run by anyone (updated long ago), so that the next process resumes it at once.
      const changes = latest?.status === "running" ? { updatedAt: new Date(0) } : { updatedAt: new Date() };
      return (await store.update(job.id, { progress: result.progress, ...changes })) ?? job;
    } catch (error) {
      const message = (error as Error)?.message ?? String(error);
      return (await store.update(job.id, { status: "failed", error: message, ...(progress ? { progress } : {}), updatedAt: new Date() })) ?? job;
    } finally {
      clearInterval(watch);
    }
  }

  private async busy(): Promise<TrackmapError> {
    const active = await this.options.store.active();
    return new TrackmapError(
      "TM_BACKFILL_RUNNING",
      `a backfill of this store is ${active?.status ?? "active"} (${active?.id ?? "unknown"}): resume or cancel it before starting another`,
    );
  }
}

/** The dates of a request (ISO 8601 text, as kept with a job) as a range of records. */
export function backfillRange({ from, to }: Pick<BackfillRequest, "from" | "to">): BackfillRange {
  return { ...(from ? { from: new Date(from) } : {}), ...(to ? { to: new Date(to) } : {}) };
}

/** Jobs in memory, for tests and for a host without a database. */
export function createMemoryBackfillJobStore(): BackfillJobStore {
  const jobs = new Map<string, BackfillJob>();
  const copy = (job: BackfillJob | undefined) => (job ? structuredClone(job) : undefined);
  const active = () => [...jobs.values()].find((job) => job.status === "running" || job.status === "paused");
  return {
    async active() {
      return copy(active());
    },
    async get(id) {
      return copy(jobs.get(id));
    },
    async insert(job) {
      if (active()) return undefined;
      jobs.set(job.id, structuredClone(job));
      return copy(job);
    },
    async update(id, changes) {
      const job = jobs.get(id);
      if (!job) return undefined;
      Object.assign(job, structuredClone(changes));
      return copy(job);
    },
  };
}
