interface Closable {
  close(options?: { timeoutMs?: number }): Promise<void>;
}

/** What this needs of Medusa v1's (awilix) container. */
export interface DisposableContainer {
  register(name: string, resolver: unknown): unknown;
  resolve<T = unknown>(name: string): T;
}

export const SHUTDOWN_REGISTRATION = "trackmapFlushOnShutdown";

/**
 * Medusa v1 calls no shutdown hook of a plugin's service, but its shutdown (on SIGTERM and SIGINT in
 * `medusa start`) awaits `container.dispose()` before the process exits, and that runs the disposer
 * of every resolved singleton. The service is registered once more under a resolver with a disposer
 * that flushes its queue. An awilix resolver is a plain object, so no awilix import is needed.
 * Calls still in retry when the flush times out are lost, as with any in-memory queue.
 */
export function flushOnShutdown(container: DisposableContainer, service: Closable, timeoutMs = 5_000): void {
  container.register(SHUTDOWN_REGISTRATION, {
    lifetime: "SINGLETON",
    resolve: () => service,
    dispose: (closable: Closable) => closable.close({ timeoutMs }),
  });
  // Disposal covers resolved singletons only.
  container.resolve(SHUTDOWN_REGISTRATION);
}
