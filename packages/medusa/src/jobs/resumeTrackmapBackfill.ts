import type { MedusaContainer } from "@medusajs/framework/types";
import type SegmentService from "../modules/segment/service";

/**
 * A backfill is a job of the store: this scheduled job resumes one whose process died or was
 * restarted (it was left running and its checkpoint has not moved for two minutes), from its
 * checkpoint. Medusa runs scheduled jobs in the worker, so in worker mode history is replayed
 * there. A paused backfill waits for an operator.
 */
export default async function resumeTrackmapBackfill(container: MedusaContainer): Promise<void> {
  const service = container.resolve<SegmentService>("segmentService");
  if (!(await service.outboxCounts())) return;
  // Not awaited: a backfill outlasts the job's minute; the next run finds it running and leaves it.
  void service
    .backfillJobs(container)
    .recover()
    .catch(() => undefined);
}

export const config = {
  name: "trackmap-resume-backfill",
  schedule: "* * * * *",
};
