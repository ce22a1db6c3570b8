import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { segmentService, toAdminCall } from "../../../serialize";
import type { AdminTrackmapEntityCallsQuery } from "../../../validators";

/**
 * GET /admin/trackmap/entities/:id/calls?limit=20&offset=0: the outbox's rows for one entity (an order,
 * a customer: the subject of the event they were mapped from, or a record its mapping loaded), newest
 * first; `has_more` says whether another page follows. Empty while the outbox is off.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminTrackmapEntityCallsQuery>, res: MedusaResponse): Promise<void> {
  const { limit, offset } = req.validatedQuery;
  // One more than asked: whether there is a next page, without counting every row.
  const rows = await segmentService(req).listOutboxForEntity(req.params.id!, limit + 1, offset);
  res.json({ calls: rows.slice(0, limit).map(toAdminCall), has_more: rows.length > limit, limit, offset });
}
