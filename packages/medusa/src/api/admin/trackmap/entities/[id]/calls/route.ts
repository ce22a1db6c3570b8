import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { entityCallsPage } from "../../../serialize";
import type { AdminTrackmapEntityCallsQuery } from "../../../validators";

/**
 * GET /admin/trackmap/entities/:id/calls?limit=20&offset=0: the outbox's rows for one entity (an order,
 * a customer: the subject of the event they were mapped from, or a record its mapping loaded), newest
 * first; `has_more` says whether another page follows. Empty while the outbox is off.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminTrackmapEntityCallsQuery>, res: MedusaResponse): Promise<void> {
  const { limit, offset } = req.validatedQuery;
  res.json(await entityCallsPage(req, req.params.id!, limit, offset));
}
