import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { segmentService } from "../serialize";
import type { AdminTrackmapFiguresQuery } from "../validators";

/**
 * GET /admin/trackmap/outbox?hours=3: the outbox's counts, the calls delivered over the last 24 hours,
 * and the calls stored and delivered per minute over the last `hours` (minutes without any left out).
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminTrackmapFiguresQuery>, res: MedusaResponse): Promise<void> {
  const service = segmentService(req);
  const now = new Date();
  const figures = await service.outboxFigures(req.validatedQuery.hours, now);
  res.json({
    outbox: await service.outboxState(),
    now: now.toISOString(),
    counts: figures?.counts ?? null,
    delivered_last_24h: figures?.deliveredLastDay ?? null,
    per_minute: (figures?.perMinute ?? []).map(({ minute, stored, delivered }) => ({ minute: minute.toISOString(), stored, delivered })),
  });
}
