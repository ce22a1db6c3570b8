import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import type { BackfillJob, BackfillRequest } from "@trackmap/core/host";
import { BACKFILL_EVENTS } from "../../../../modules/segment/backfill/backfillEvents";
import { segmentService } from "../serialize";
import type { AdminTrackmapBackfillBody, AdminTrackmapBackfillQuery } from "../validators";

/**
 * `GET /admin/trackmap/backfill`: the active backfill (or `?id=` one), with its progress, and the events a
 * backfill replays (`tracked`: a mapping handles it and the store did not disable it; others give no call).
 * `POST /admin/trackmap/backfill` `{ action: "start", from?, to?, events?, rate?, integrations?, dry_run? }`,
 * or `{ action: "pause" | "resume" | "cancel" }` (checked in ../validators.ts). A started or resumed backfill
 * runs in this process in the background; the answer is the job as it starts. 409 while another backfill is active.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminTrackmapBackfillQuery>, res: MedusaResponse): Promise<void> {
  const service = segmentService(req);
  const [job, tracked] = await Promise.all([service.backfillJobs(req.scope).get(req.validatedQuery.id), service.trackedEvents()]);
  res.json({ backfill: job ?? null, events: BACKFILL_EVENTS.map((event) => ({ event, tracked: tracked.includes(event) })) });
}

export async function POST(req: AuthenticatedMedusaRequest<AdminTrackmapBackfillBody>, res: MedusaResponse): Promise<void> {
  const body = req.validatedBody;
  const service = segmentService(req);
  const backfills = service.backfillJobs(req.scope);
  try {
    switch (body.action) {
      case "start": {
        const { action, dry_run, ...request } = body;
        if (dry_run) {
          res.json({ estimate: await service.estimateStoreBackfill(req.scope, request as BackfillRequest) });
          return;
        }
        res.status(202).json({ backfill: await inBackground((started) => backfills.start(request as BackfillRequest, started)) });
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
    }
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    res
      .status(code === "TM_BACKFILL_RUNNING" ? 409 : code === "TM_BACKFILL_NO_OUTBOX" || code === "TM_INVALID_OPTIONS" ? 400 : 500)
      .json({ code, message });
  }
}

/** Runs a job without waiting for its end: resolves with the job once it started, or how it ended if it could not. */
function inBackground(run: (started: (job: BackfillJob) => void) => Promise<BackfillJob | undefined>): Promise<BackfillJob | undefined> {
  return new Promise((resolve, reject) => {
    run(resolve).then(resolve, reject);
  });
}
