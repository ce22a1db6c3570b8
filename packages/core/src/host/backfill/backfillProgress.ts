import type { BackfillPosition } from "./backfillSource";

/** What a run has done, kept in its checkpoint so that a resumed run counts on from there. */
export interface BackfillCheckpoint {
  /** The last record whose calls are all in the outbox; the run resumes after it. */
  position?: BackfillPosition;
  /** Records done. */
  done: number;
  /** Calls stored in the outbox (a call already there from a previous run or from live tracking counts too). */
  calls: number;
  /** Mapping failures and invalid calls. */
  errors: number;
}

export interface BackfillProgress extends BackfillCheckpoint {
  /** Records in the range. */
  total: number;
  /** Records and calls per second in this run (since it started or resumed). */
  recordsPerSecond: number;
  callsPerSecond: number;
  /** Seconds left at the current rate; undefined before any record is done. */
  etaSeconds?: number;
  /** The latest errors, newest last (at most MAX_RECENT_ERRORS). */
  recentErrors: string[];
}

export const MAX_RECENT_ERRORS = 10;

/** Progress from the checkpoint and how much of it this run did in how long. */
export function progressOf(
  checkpoint: BackfillCheckpoint,
  total: number,
  run: { records: number; calls: number; elapsedMs: number },
  recentErrors: readonly string[],
): BackfillProgress {
  const seconds = run.elapsedMs / 1000;
  const recordsPerSecond = seconds > 0 ? run.records / seconds : 0;
  const callsPerSecond = seconds > 0 ? run.calls / seconds : 0;
  const left = Math.max(0, total - checkpoint.done);
  return {
    ...checkpoint,
    total,
    recordsPerSecond,
    callsPerSecond,
    ...(recordsPerSecond > 0 || left === 0 ? { etaSeconds: left === 0 ? 0 : left / recordsPerSecond } : {}),
    recentErrors: [...recentErrors],
  };
}

/** One line for a terminal: `[#####-----] 250/500 50% · 41 records/s · 120 calls/s · ETA 6s · 2 errors`. */
export function formatProgress(progress: BackfillProgress, width = 30): string {
  const ratio = progress.total > 0 ? Math.min(1, progress.done / progress.total) : 1;
  const filled = Math.round(ratio * width);
  const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
  const parts = [
    `${bar} ${progress.done}/${progress.total} ${Math.floor(ratio * 100)}%`,
    `${progress.recordsPerSecond.toFixed(1)} records/s`,
    `${progress.callsPerSecond.toFixed(1)} calls/s`,
    `ETA ${progress.etaSeconds === undefined ? "?" : formatDuration(progress.etaSeconds)}`,
    `${progress.errors} error${progress.errors === 1 ? "" : "s"}`,
  ];
  return parts.join(" · ");
}

export function formatDuration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}
