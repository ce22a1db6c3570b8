import { describe, expect, it } from "vitest";
import { formatDuration, formatProgress, progressOf } from "./backfillProgress";

describe("progressOf and formatProgress", () => {
  it("computes the rate of this run and the time left, and prints them as a bar", () => {
    const progress = progressOf({ done: 250, calls: 600, errors: 2 }, 500, { records: 200, calls: 480, elapsedMs: 10_000 }, ["TM_EVAL_ERROR x"]);
    expect(progress).toMatchObject({ recordsPerSecond: 20, callsPerSecond: 48, etaSeconds: 12.5, recentErrors: ["TM_EVAL_ERROR x"] });
    expect(formatProgress(progress, 10)).toBe("[#####-----] 250/500 50% · 20.0 records/s · 48.0 calls/s · ETA 13s · 2 errors");
  });

  it("has no ETA before the first record, and 0 once all are done", () => {
    expect(progressOf({ done: 0, calls: 0, errors: 0 }, 10, { records: 0, calls: 0, elapsedMs: 0 }, []).etaSeconds).toBeUndefined();
    expect(progressOf({ done: 10, calls: 10, errors: 0 }, 10, { records: 0, calls: 0, elapsedMs: 5 }, []).etaSeconds).toBe(0);
  });

  it("writes durations for people", () => {
    expect([formatDuration(9.2), formatDuration(75), formatDuration(7322)]).toEqual(["10s", "1m15s", "2h02m"]);
  });
});
