import type SegmentService from "../services/segment";
import type { V1Container } from "../lib/loadV1Record";
import { PREFIX, type Logger } from "../lib/logger";
import { trackmapLog } from "../lib/createDestination";
import { flushOnShutdown, type DestroyableConnection, type DisposableContainer } from "../lib/flushOnShutdown";

/**
 * Runs once when Medusa v1 starts: creates the service (which checks the options and loads the
 * mappings), makes sure queued calls are sent when Medusa shuts down, starts delivery (after
 * checking the outbox's table), and says what is tracked. Medusa v1 only logs a failing plugin
 * loader and starts anyway: a broken mapping or option is logged as an error here, with every
 * problem.
 */
export default async function startTrackmap(container: V1Container): Promise<void> {
  const logger = container.resolve<Logger>("logger");
  let service: SegmentService;
  try {
    service = container.resolve<SegmentService>("segmentService");
  } catch (error) {
    logger.error(`${PREFIX} not started: ${(error as Error)?.message ?? error}`);
    return;
  }
  flushOnShutdown(container as unknown as DisposableContainer, service, { connection: databaseConnection(container), log: trackmapLog(logger) });
  await service.start();
  const events = await service.trackedEvents();
  if (events.length) logger.info(`${PREFIX} ${events.length} event(s) mapped to Segment: ${events.join(", ")}`);
  for (const message of service.startupNotes()) logger.warn(`${PREFIX} ${message}`);
}

/** Medusa v1's database connection (TypeORM's DataSource), when the container has one. */
function databaseConnection(container: V1Container): DestroyableConnection | undefined {
  if (container.hasRegistration && !container.hasRegistration("manager")) return undefined;
  try {
    const connection = container.resolve<{ connection?: Partial<DestroyableConnection> } | undefined>("manager")?.connection;
    return typeof connection?.destroy === "function" ? (connection as DestroyableConnection) : undefined;
  } catch {
    return undefined;
  }
}
