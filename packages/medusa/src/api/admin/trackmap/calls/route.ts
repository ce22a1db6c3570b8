import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { segmentService, toAdminCall } from "../serialize";
import type { AdminTrackmapCallsQuery } from "../validators";

/**
 * Matching calls are counted up to this many: the page polls every few seconds, and counting a week of a
 * busy store's calls (or a backfill's) each time would read the whole table. `count_capped` says more match.
 */
const COUNT_UP_TO = 10_000;

/**
 * GET /admin/trackmap/calls?limit=20&offset=0&status=dead&event=Order%20Completed&type=track: the calls
 * in the outbox, newest first, as Segment's debugger lists them. Empty while the outbox is off.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminTrackmapCallsQuery>, res: MedusaResponse): Promise<void> {
  const { limit, offset, status, event, type } = req.validatedQuery;
  const page = await segmentService(req).listOutboxCalls({ limit, offset, status, event, type, countUpTo: COUNT_UP_TO });
  res.json({
    calls: (page?.records ?? []).map(toAdminCall),
    count: page?.total ?? 0,
    count_capped: page?.totalCapped ?? false,
    limit,
    offset,
  });
}
