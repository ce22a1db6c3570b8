import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { segmentService } from "../serialize";

/**
 * GET /admin/trackmap/status: the plugin's set-up. Whether a write key is set (never the key),
 * the outbox on, off or unavailable (its table missing), the mappings in force and their warnings.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse): Promise<void> {
  const { writeKeySet, outbox, mappingsLoaded, events, warnings } = await segmentService(req).status();
  res.json({
    status: {
      write_key_set: writeKeySet,
      dry_run: !writeKeySet,
      outbox,
      mappings_loaded: mappingsLoaded,
      events: events.map(({ event, mapping, from, disabled }) => ({ event, mapping, from, disabled })),
      warnings,
    },
  });
}
