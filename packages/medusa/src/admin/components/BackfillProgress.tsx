import { Button, StatusBadge, Text } from "@medusajs/ui";
import { formatSeconds } from "../lib/formatSeconds";
import { type AdminBackfill, trackmapApi } from "../lib/trackmapApi";
import { useAction } from "../lib/useAction";

const STATUS_COLOR = { running: "blue", paused: "orange", completed: "green", canceled: "grey", failed: "red" } as const;

/**
 * A backfill's progress as its runner saved it after its last page: records done of the total, calls stored,
 * rates, ETA and errors; pause and cancel stop the run within seconds, resume goes on from the checkpoint.
 */
export function BackfillProgress({ job, onChange, onStartAnew }: { job: AdminBackfill; onChange: () => Promise<void>; onStartAnew: () => void }) {
  const { busy, run } = useAction();
  const act = (action: () => Promise<unknown>) =>
    run(async () => {
      await action();
      await onChange();
    });
  const progress = job.progress;
  const done = progress?.done ?? job.checkpoint.done;
  const total = progress?.total;
  const percent = total ? Math.min(100, Math.floor((done / total) * 100)) : job.status === "completed" ? 100 : 0;
  const active = job.status === "running" || job.status === "paused";
  const { from, to, events, rate } = job.request;

  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-testid="backfill-job" data-status={job.status}>
      <div className="flex items-center justify-between">
        <div className="flex items-center gap-x-2">
          <StatusBadge color={STATUS_COLOR[job.status]}>{job.status}</StatusBadge>
          <Text size="small" className="text-ui-fg-subtle">
            {[
              from ? `from ${from.slice(0, 10)}` : "from the first record",
              to ? `before ${to.slice(0, 10)}` : "to the last",
              events ? events.join(", ") : "every event",
              rate === 0 ? "no rate limit" : `${rate ?? 100} calls/s`,
            ].join(" · ")}
          </Text>
        </div>
        <div className="flex gap-x-2">
          {job.status === "running" && (
            <Button size="small" variant="secondary" disabled={busy} onClick={() => act(trackmapApi.pauseBackfill)}>
              Pause
            </Button>
          )}
          {job.status === "paused" && (
            <Button size="small" variant="secondary" disabled={busy} onClick={() => act(trackmapApi.resumeBackfill)}>
              Resume
            </Button>
          )}
          {active && (
            <Button size="small" variant="danger" disabled={busy} onClick={() => act(trackmapApi.cancelBackfill)}>
              Cancel
            </Button>
          )}
          {!active && (
            <Button size="small" variant="secondary" onClick={onStartAnew}>
              New backfill
            </Button>
          )}
        </div>
      </div>
      <div
        className="bg-ui-bg-subtle h-2 w-full overflow-hidden rounded-full"
        role="progressbar"
        aria-label="backfill progress"
        aria-valuemin={0}
        aria-valuemax={total ?? 0}
        aria-valuenow={done}
      >
        <div className="bg-ui-fg-interactive h-full transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <Text size="small" data-testid="backfill-figures">
        {[
          `${done}/${total ?? "?"} records (${percent}%)`,
          `${progress?.calls ?? job.checkpoint.calls} calls`,
          ...(progress ? [`${progress.recordsPerSecond.toFixed(1)} records/s`, `${progress.callsPerSecond.toFixed(1)} calls/s`] : []),
          job.status === "running" ? `ETA ${progress?.etaSeconds === undefined ? "?" : formatSeconds(progress.etaSeconds)}` : undefined,
          `${progress?.errors ?? job.checkpoint.errors} error${(progress?.errors ?? job.checkpoint.errors) === 1 ? "" : "s"}`,
        ]
          .filter(Boolean)
          .join(" · ")}
      </Text>
      {job.status === "paused" && (
        <Text size="small" className="text-ui-fg-subtle">
          Paused: the run stops within seconds and keeps its checkpoint (the last page of records all stored); resume goes on from there.
        </Text>
      )}
      {job.error && <Text className="text-ui-fg-error">{job.error}</Text>}
      {(progress?.recentErrors.length ?? 0) > 0 && (
        <ul className="txt-compact-small text-ui-fg-error" data-testid="backfill-errors">
          {progress!.recentErrors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
