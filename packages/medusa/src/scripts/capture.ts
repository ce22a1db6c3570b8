import type { ExecArgs } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { captureUsage, runCaptureCommand } from "@trackmap/core/host";
import { argumentsAfterScript } from "../lib/scriptArguments";
import type SegmentService from "../modules/segment/service";

const USAGE = captureUsage(
  `  npx medusa exec ./node_modules/@trackmap/medusa/.medusa/server/src/scripts/capture.js <event> <id...|last=N|data=JSON> [out=FOLDER]

(Words, not --options: medusa exec refuses options it does not know.)`,
);

/**
 * `medusa exec` entry point for mapping authors: real input for a new mapping, captured from the
 * store instead of written by hand.
 */
export default async function capture({ container, args }: ExecArgs): Promise<void> {
  const service = container.resolve<SegmentService>("segmentService");
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  try {
    await runCaptureCommand(
      argumentsAfterScript(__filename) ?? args,
      {
        mappings: () => service.ready(),
        captureInput: (event) => service.captureInput(event, container),
        async newestIds(entity, count) {
          const { data } = await query.graph({ entity, fields: ["id"], pagination: { take: count, order: { created_at: "DESC" } } });
          return data.map((record: { id: string }) => record.id);
        },
      },
      USAGE,
    );
  } finally {
    await service.close();
  }
}
