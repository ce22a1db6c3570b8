import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import type { BackfillJob, BackfillRequest } from "@trackmap/core/host";
import type SegmentService from "../../../../modules/segment/service";

/**
 * `GET /admin/trackmap/backfill`: the active backfill (or `?id=` one), with its progress.
 * `POST /admin/trackmap/backfill` `{ action: "start", from?, to?, events?, rate?, integrations?, dry_run? }`,
 * or `{ action: "pause" | "resume" | "cancel" }`. A started or resumed backfill runs in this process
 * in the background; the answer is the job as it starts. 409 while another backfill is active.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse): Promise<void> {
  const id = typeof req.query.id === "string" ? req.query.id : undefined;
  const job = await jobs(req).get(id);
  res.json({ backfill: job ?? null });
}

export async function POST(req: AuthenticatedMedusaRequest<BackfillBody>, res: MedusaResponse): Promise<void> {
  const body = req.body ?? {};
  const backfills = jobs(req);
  try {
    switch (body.action) {
      case "start": {
        const request = readRequest(body);
        if (body.dry_run) {
          res.json({ estimate: await service(req).estimateStoreBackfill(req.scope, request) });
          return;
        }
        res.status(202).json({ backfill: await inBackground((started) => backfills.start(request, started)) });
        return;
      }
      case "resume":
        res.status(202).json({ backfill: (await inBackground((started) => backfills.resume(started))) ?? null });
        return;
      case "pause":
        res.json({ backfill: (await backfills.pause()) ?? null });
        return;
      case "cancel":
        res.json({ backfill: (await backfills.cancel()) ?? null });
        return;
      default:
        res.status(400).json({ message: 'action must be "start", "pause", "resume" or "cancel"' });
    }
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    res
      .status(code === "TM_BACKFILL_RUNNING" ? 409 : code === "TM_BACKFILL_NO_OUTBOX" || code === "TM_INVALID_OPTIONS" ? 400 : 500)
      .json({ code, message });
  }
}

interface BackfillBody extends BackfillRequest {
  action?: string;
  dry_run?: boolean;
}

function service(req: AuthenticatedMedusaRequest<unknown>) {
  return req.scope.resolve<SegmentService>("segmentService");
}

function jobs(req: AuthenticatedMedusaRequest<unknown>) {
  return service(req).backfillJobs(req.scope);
}

/** Runs a job without waiting for its end: resolves with the job once it started, or how it ended if it could not. */
function inBackground(run: (started: (job: BackfillJob) => void) => Promise<BackfillJob | undefined>): Promise<BackfillJob | undefined> {
  return new Promise((resolve, reject) => {
    run(resolve).then(resolve, reject);
  });
}

function readRequest(body: BackfillBody): BackfillRequest {
  const fail = (message: string) => Object.assign(new Error(message), { code: "TM_INVALID_OPTIONS" });
  for (const key of ["from", "to"] as const) {
    if (body[key] !== undefined && Number.isNaN(Date.parse(String(body[key])))) throw fail(`${key} must be a date (ISO 8601)`);
  }
  if (body.rate !== undefined && !(Number.isFinite(body.rate) && body.rate >= 0))
    throw fail("rate must be a number of calls per second, 0 for no limit");
  if (body.events !== undefined && !(Array.isArray(body.events) && body.events.every((e) => typeof e === "string")))
    throw fail("events must be a list of event names");
  return {
    ...(body.from ? { from: new Date(body.from).toISOString() } : {}),
    ...(body.to ? { to: new Date(body.to).toISOString() } : {}),
    ...(body.events ? { events: body.events } : {}),
    ...(body.rate !== undefined ? { rate: body.rate } : {}),
    ...(body.integrations ? { integrations: body.integrations } : {}),
  };
}
