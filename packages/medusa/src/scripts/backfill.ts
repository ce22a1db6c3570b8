import type { ExecArgs } from "@medusajs/framework/types";
import { backfillUsage, runBackfillCommand } from "@trackmap/core/host";
import type SegmentService from "../modules/segment/service";
import { argumentsAfterScript } from "../lib/scriptArguments";

const USAGE = backfillUsage(`  npx medusa exec ./node_modules/@trackmap/medusa/.medusa/server/src/scripts/backfill.js [command] -- [options]

(Medusa's CLI refuses options it does not know unless they follow \`--\`.)`);

/** `medusa exec` entry point: a backfill of the store's history, in the foreground, with a progress bar. */
export default async function backfill({ container, args }: ExecArgs): Promise<void> {
  const service = container.resolve<SegmentService>("segmentService");
  try {
    await runBackfillCommand(
      argumentsAfterScript(__filename) ?? args,
      {
        jobs: (onProgress) => service.backfillJobs(container, onProgress),
        estimate: (request) => service.estimateStoreBackfill(container, request),
      },
      USAGE,
    );
  } finally {
    // Sends what the backfill stored and is still due, and releases this process's claims.
    await service.close();
  }
}
