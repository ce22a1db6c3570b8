import { parseArgs } from "node:util";
import type { ExecArgs } from "@medusajs/framework/types";
import { type BackfillJob, type BackfillRequest, formatDuration, formatProgress } from "@trackmap/core/host";
import type SegmentService from "../modules/segment/service";
import { argumentsAfterScript } from "../lib/scriptArguments";

const USAGE = `Send the store's history (customers and orders) to Segment, as live tracking would have.

  npx medusa exec ./node_modules/@trackmap/medusa/.medusa/server/src/scripts/backfill.js [command] -- [options]

(Medusa's CLI refuses options it does not know unless they follow \`--\`.)

Commands:
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

/** `medusa exec` entry point: a backfill of the store's history, in the foreground, with a progress bar. */
export default async function backfill({ container, args }: ExecArgs): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argumentsAfterScript(__filename) ?? args,
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
  const service = container.resolve<SegmentService>("segmentService");
  const print = (human: string, machine: unknown) => console.log(values.json ? JSON.stringify(machine) : human);
  const jobs = service.backfillJobs(container, (progress) => {
    if (values.json) print("", { progress });
    else process.stdout.write(`\r${formatProgress(progress)}`);
  });
  try {
    if (values.help) return print(USAGE, { usage: USAGE });
    switch (command) {
      case "start": {
        const request = readRequest(values);
        if (values["dry-run"]) {
          const estimate = await service.estimateStoreBackfill(container, request);
          const time =
            estimate.seconds === undefined
              ? "as fast as Segment takes them"
              : `about ${formatDuration(estimate.seconds)} at ${estimate.rate} calls/s`;
          const first = estimate.firstCalls.map((call) => `  ${JSON.stringify(call)}`).join("\n");
          const errors = estimate.errors.length ? `\n${estimate.errors.length} error(s) in the sample:\n  ${estimate.errors.join("\n  ")}` : "";
          return print(
            `${estimate.records} records, about ${estimate.calls} calls (from ${estimate.sampled} mapped), ${time}.\nFirst calls:\n${first}${errors}`,
            estimate,
          );
        }
        return report(await jobs.start(request, announce), print);
      }
      case "resume": {
        const job = await jobs.resume(announce, { force: values.force });
        return job ? report(job, print) : print("No backfill to resume.", { backfill: null });
      }
      case "pause":
      case "cancel": {
        const job = command === "pause" ? await jobs.pause() : await jobs.cancel();
        return print(job ? `${job.id}: ${job.status}` : "No active backfill.", { backfill: job ?? null });
      }
      case "status": {
        const job = await jobs.get();
        return print(job ? describe(job) : "No active backfill.", { backfill: job ?? null });
      }
      default:
        throw new Error(`Unknown command "${command}".\n\n${USAGE}`);
    }
  } finally {
    // Sends what the backfill stored and is still due, and releases this process's claims.
    await service.close();
  }

  function announce(job: BackfillJob): void {
    if (!values.json) console.log(`backfill ${job.id} ${job.checkpoint.done ? `resumed after ${job.checkpoint.done} records` : "started"}`);
  }
}

function report(job: BackfillJob, print: (human: string, machine: unknown) => void): void {
  print(`\n${describe(job)}`, { backfill: job });
}

function describe(job: BackfillJob): string {
  const { done, calls, errors } = job.checkpoint;
  const errorLines = job.progress?.recentErrors.length ? `\nlatest errors:\n  ${job.progress.recentErrors.join("\n  ")}` : "";
  return `${job.id}: ${job.status}; ${done}${job.progress ? `/${job.progress.total}` : ""} records, ${calls} calls, ${errors} errors${job.error ? ` (${job.error})` : ""}${errorLines}`;
}

function readRequest(values: { from?: string; to?: string; events?: string; rate?: string; integrations?: string }): BackfillRequest {
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
  return {
    ...(values.from ? { from: new Date(values.from).toISOString() } : {}),
    ...(values.to ? { to: new Date(values.to).toISOString() } : {}),
    ...(values.events
      ? {
          events: values.events
            .split(",")
            .map((e) => e.trim())
            .filter(Boolean),
        }
      : {}),
    ...(rate !== undefined ? { rate } : {}),
    ...(integrations ? { integrations } : {}),
  };
}
