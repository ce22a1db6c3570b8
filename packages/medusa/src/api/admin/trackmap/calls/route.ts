import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { segmentService, toAdminCall } from "../serialize";
import type { AdminTrackmapCallsQuery } from "../validators";

/**
 * GET /admin/trackmap/calls?limit=20&offset=0&status=dead&event=Order%20Completed&type=track: the calls
 * in the outbox, newest first, as Segment's debugger lists them. Empty while the outbox is off.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminTrackmapCallsQuery>, res: MedusaResponse): Promise<void> {
  const { limit, offset, status, event, type } = req.validatedQuery;
  const page = await segmentService(req).listOutboxCalls({ limit, offset, status, event, type });
  res.json({ calls: (page?.records ?? []).map(toAdminCall), count: page?.total ?? 0, limit, offset });
}
