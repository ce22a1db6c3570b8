import { backfillUsage, captureUsage, runBackfillCommand, runCaptureCommand } from "@trackmap/core/host";
import { serviceName, type V1Container } from "../lib/loadV1Record";
import type SegmentService from "../services/segment";
import { bootStore } from "./bootStore";

const USAGE = `trackmap-v1: commands for a Medusa v1 store with @trackmap/medusa-v1, run in the store's folder.
Each boots the store (its medusa-config.js and database, without serving) and ends when done.

  npx trackmap-v1 capture <event> <id...|last=N|data=JSON> [out=FOLDER] [--json]
  npx trackmap-v1 backfill [start|resume|pause|cancel|status] [options]

\`npx trackmap-v1 <command> --help\` for each.`;

const CAPTURE_USAGE = captureUsage("  npx trackmap-v1 capture <event> <id...|last=N|data=JSON> [out=FOLDER]");
const BACKFILL_USAGE = backfillUsage("  npx trackmap-v1 backfill [command] [options]");

type ListableService = { list(selector: object, config: object): Promise<Array<{ id: string }>> };

/**
 * `trackmap-v1 <command> …`: the v1 plugin's store commands (Medusa 1.20 has no `medusa exec`).
 * Resolves with the exit code: 0 done, 1 failed, 2 usage.
 */
export async function main(argv: string[], directory = process.cwd()): Promise<number> {
  const [command, ...args] = argv;
  const usage = command === "capture" ? CAPTURE_USAGE : command === "backfill" ? BACKFILL_USAGE : undefined;
  if (!usage || args.includes("--help")) {
    console.log(usage ?? USAGE);
    return usage || command === "--help" || command === "help" ? 0 : 2;
  }
  const store = await bootStore(directory);
  const { container } = store;
  let service: SegmentService | undefined;
  try {
    service = container.resolve<SegmentService>("segmentService");
    const ready = service;
    if (command === "capture") {
      await runCaptureCommand(
        args,
        {
          mappings: () => ready.ready(),
          captureInput: (event) => ready.captureInput(event, container),
          newestIds: (entity, count) => newestIds(container, entity, count),
        },
        usage,
      );
    } else {
      await runBackfillCommand(
        args,
        { jobs: (onProgress) => ready.backfillJobs(container, onProgress), estimate: (request) => ready.estimateStoreBackfill(container, request) },
        usage,
      );
    }
    return 0;
  } catch (error) {
    console.error(`trackmap-v1 ${command}: ${(error as Error)?.message ?? error}`);
    return 1;
  } finally {
    // Sends what is due (a backfill's last calls) and records it, then closes the database.
    await service?.close();
    await store.shutdown();
  }
}

/** The newest records of an entity, through its Medusa v1 service (as the plugin loads them). */
async function newestIds(container: V1Container, entity: string, count: number): Promise<string[]> {
  const service = container.resolve<Partial<ListableService>>(serviceName(entity));
  if (typeof service.list !== "function") throw new Error(`${serviceName(entity)} cannot list records: give ids instead of last=N.`);
  const records = await service.list({}, { select: ["id"], take: count, order: { created_at: "DESC" } });
  return records.map((record) => record.id);
}
