import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { segmentService } from "../../serialize";
import type { AdminTrackmapResendBody } from "../../validators";

/**
 * POST /admin/trackmap/dead/resend with `{ message_ids: [...] }` or `{ all: true }`: puts dead calls back
 * to be sent now. Each keeps its messageId (Segment dedupes it) and is checked again before it goes. A dead
 * event (its mapping failed) is mapped again with the mappings in force, its records loaded in this request's scope.
 */
export async function POST(req: AuthenticatedMedusaRequest<AdminTrackmapResendBody>, res: MedusaResponse): Promise<void> {
  const { message_ids, all } = req.validatedBody;
  const resent = await segmentService(req).resendDeadCalls(all ? undefined : message_ids, req.scope);
  res.json({ resent });
}
