import { PREFIX, type Logger } from "./logger";

interface Closable {
  close(options?: { timeoutMs?: number }): Promise<void>;
}

const SIGNALS = ["SIGTERM", "SIGINT"] as const;

/**
 * Medusa v1 calls no shutdown hook of a plugin's service. `medusa start` stops on SIGTERM and
 * SIGINT by closing the HTTP server and the database, then exits: the queue is flushed from the
 * same signals meanwhile, and when the process ends on its own (`beforeExit`: scripts, tests).
 * Where nobody else handles the signal, the process still stops, after the flush. Calls still in
 * retry when the process exits are lost, as with any in-memory queue.
 */
export function flushOnShutdown(service: Closable, logger: Logger, target: NodeJS.Process = process): () => void {
  const flush = () =>
    service.close({ timeoutMs: 5_000 }).catch((error: unknown) => {
      logger.error(`${PREFIX} flush at shutdown failed: ${(error as Error)?.message ?? error}`);
    });
  const onSignal = (signal: NodeJS.Signals) => {
    const alone = target.listenerCount(signal) === 0;
    void flush().then(() => {
      if (alone) target.kill(target.pid, signal);
    });
  };
  const onBeforeExit = () => void flush();
  for (const signal of SIGNALS) target.once(signal, onSignal);
  target.once("beforeExit", onBeforeExit);
  return () => {
    for (const signal of SIGNALS) target.removeListener(signal, onSignal);
    target.removeListener("beforeExit", onBeforeExit);
  };
}
