import { trackmapLog, type HostLog } from "@trackmap/core/host";
import type SegmentService from "../services/segment";
import type { V1Container } from "../lib/loadV1Record";
import { flushOnShutdown, type DestroyableConnection, type DisposableContainer } from "../lib/flushOnShutdown";

/**
 * Runs once when Medusa v1 starts: creates the service (which checks the options, loads the
 * mappings and checks the outbox's table), makes sure queued calls are sent when Medusa shuts
 * down, and says what is tracked. Medusa v1 only logs a failing plugin loader and starts anyway:
 * a broken mapping or option is logged as an error here, with every problem.
 */
export default async function startTrackmap(container: V1Container): Promise<void> {
  const log = trackmapLog(container.resolve<HostLog>("logger"));
  let service: SegmentService;
  try {
    service = container.resolve<SegmentService>("segmentService");
  } catch (error) {
    log.error(`not started: ${(error as Error)?.message ?? error}`);
    return;
  }
  flushOnShutdown(container as unknown as DisposableContainer, service, { connection: databaseConnection(container) });
  await service.logStart();
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
