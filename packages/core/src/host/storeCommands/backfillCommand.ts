import { parseArgs } from "node:util";
import {
  type BackfillEstimate,
  type BackfillJob,
  type BackfillJobs,
  type BackfillProgress,
  type BackfillRequest,
  formatDuration,
  formatProgress,
} from "../backfill";

/** The commands and options of a backfill, as both plugins' commands take them. */
const BACKFILL_HELP = `Commands:
  start (default)        starts a backfill and prints its progress until it ends
  resume [--force]       resumes the paused (or stopped) backfill from its checkpoint; --force takes over one
                         left running by a process that was killed (otherwise after 2 minutes without progress)
  pause | cancel         pauses or cancels the active backfill (it stops at its next checkpoint)
  status                 the active backfill and its progress

Options:
  --from DATE            records created at or after DATE (ISO 8601)
  --to DATE              records created before DATE
  --events a,b           only these events (e.g. order.placed,shipment.created)
  --rate N               calls per second (default 100; 0: no limit)
  --integrations JSON    Segment's integrations for historical calls, e.g. '{"All":false,"Amazon S3":true}'
  --dry-run              prints the estimate (records, calls, time) and the first calls; sends nothing
  --json                 machine-readable output`;

/** The usage of a host's backfill command: how it is invoked (its own lines), then the shared commands and options. */
export function backfillUsage(invocation: string): string {
  return `Send the store's history (customers and orders) to Segment, as live tracking would have.\n\n${invocation}\n\n${BACKFILL_HELP}`;
}

/** What a host gives the backfill command: its store's jobs and dry run. */
export interface BackfillCommandHost {
  /** The store's backfill jobs, telling `onProgress` the progress after every page. */
  jobs(onProgress: (progress: BackfillProgress) => void): BackfillJobs;
  estimate(request: BackfillRequest): Promise<BackfillEstimate>;
}

export interface CommandOutput {
  /** A whole line (`console.log`). */
  line(text: string): void;
  /** Text without a line end, for a progress bar redrawn in place (`process.stdout.write`). */
  write(text: string): void;
}

const consoleOutput: CommandOutput = { line: (text) => console.log(text), write: (text) => process.stdout.write(text) };

/**
 * `backfill [start|resume|pause|cancel|status] [options]`: the same command for every host, run in
 * the foreground with a progress bar (or JSON lines with --json). Rejects on a usage error; the
 * host closes its runtime afterwards, which sends what the backfill stored and is still due.
 */
export async function runBackfillCommand(args: string[], host: BackfillCommandHost, usage: string, output = consoleOutput): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      from: { type: "string" },
      to: { type: "string" },
      events: { type: "string" },
      rate: { type: "string" },
      integrations: { type: "string" },
      "dry-run": { type: "boolean" },
      force: { type: "boolean" },
      json: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  const [command = "start"] = positionals;
  // JSON on one line, so that it can be picked out of whatever else the process logs.
  const print = (human: string, machine: unknown) => output.line(values.json ? JSON.stringify(machine) : human);
  if (values.help) return print(usage, { usage });
  const jobs = host.jobs((progress) => {
    if (values.json) print("", { progress });
    else output.write(`\r${formatProgress(progress)}`);
  });
  const announce = (job: BackfillJob) => {
    if (!values.json) output.line(`backfill ${job.id} ${job.checkpoint.done ? `resumed after ${job.checkpoint.done} records` : "started"}`);
  };
  const report = (job: BackfillJob) => print(`\n${describeJob(job)}`, { backfill: job });
  switch (command) {
    case "start": {
      const request = readBackfillRequest(values);
      if (values["dry-run"]) {
        const estimate = await host.estimate(request);
        return print(describeEstimate(estimate), estimate);
      }
      return report(await jobs.start(request, announce));
    }
    case "resume": {
      const job = await jobs.resume(announce, { force: values.force });
      return job ? report(job) : print("No backfill to resume.", { backfill: null });
    }
    case "pause":
    case "cancel": {
      const job = command === "pause" ? await jobs.pause() : await jobs.cancel();
      return print(job ? `${job.id}: ${job.status}` : "No active backfill.", { backfill: job ?? null });
    }
    case "status": {
      const job = await jobs.get();
      return print(job ? describeJob(job) : "No active backfill.", { backfill: job ?? null });
    }
    default:
      throw new Error(`Unknown command "${command}".\n\n${usage}`);
  }
}

function describeEstimate(estimate: BackfillEstimate): string {
  const time =
    estimate.seconds === undefined ? "as fast as Segment takes them" : `about ${formatDuration(estimate.seconds)} at ${estimate.rate} calls/s`;
  const first = estimate.firstCalls.map((call) => `  ${JSON.stringify(call)}`).join("\n");
  const errors = estimate.errors.length ? `\n${estimate.errors.length} error(s) in the sample:\n  ${estimate.errors.join("\n  ")}` : "";
  return `${estimate.records} records, about ${estimate.calls} calls (from ${estimate.sampled} mapped), ${time}.\nFirst calls:\n${first}${errors}`;
}

function describeJob(job: BackfillJob): string {
  const { done, calls, errors } = job.checkpoint;
  const errorLines = job.progress?.recentErrors.length ? `\nlatest errors:\n  ${job.progress.recentErrors.join("\n  ")}` : "";
  return `${job.id}: ${job.status}; ${done}${job.progress ? `/${job.progress.total}` : ""} records, ${calls} calls, ${errors} errors${job.error ? ` (${job.error})` : ""}${errorLines}`;
}

/** The request from the command's options, each checked: a date, a rate, a JSON object. */
export function readBackfillRequest(values: { from?: string; to?: string; events?: string; rate?: string; integrations?: string }): BackfillRequest {
  for (const key of ["from", "to"] as const) {
    if (values[key] !== undefined && Number.isNaN(Date.parse(values[key])))
      throw new Error(`--${key} must be a date (ISO 8601), got "${values[key]}"`);
  }
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  if (rate !== undefined && !(Number.isFinite(rate) && rate >= 0))
    throw new Error(`--rate must be a number of calls per second, 0 for no limit (got "${values.rate}")`);
  let integrations: BackfillRequest["integrations"];
  if (values.integrations !== undefined) {
    try {
      integrations = JSON.parse(values.integrations);
    } catch {
      throw new Error(`--integrations must be a JSON object, e.g. '{"All":false,"Amazon S3":true}'`);
    }
  }
  const events = values.events
    ?.split(",")
    .map((event) => event.trim())
    .filter(Boolean);
  return {
    ...(values.from ? { from: new Date(values.from).toISOString() } : {}),
    ...(values.to ? { to: new Date(values.to).toISOString() } : {}),
    ...(events?.length ? { events } : {}),
    ...(rate !== undefined ? { rate } : {}),
    ...(integrations ? { integrations } : {}),
  };
}
