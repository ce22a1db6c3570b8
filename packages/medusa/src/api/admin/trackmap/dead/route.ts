import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { segmentService, toAdminCall } from "../serialize";
import type { AdminTrackmapDeadQuery } from "../validators";

/** GET /admin/trackmap/dead?limit=20&offset=0: the calls given up, the most recent first, with the reason of each. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminTrackmapDeadQuery>, res: MedusaResponse): Promise<void> {
  const { limit, offset } = req.validatedQuery;
  const service = segmentService(req);
  const [dead, counts] = await Promise.all([service.listDeadCalls(limit, offset), service.outboxCounts()]);
  res.json({ dead_calls: dead.map(toAdminCall), count: counts?.dead ?? 0, limit, offset });
}
