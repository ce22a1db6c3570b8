interface Closable {
  close(options?: { timeoutMs?: number }): Promise<void>;
}

/** What this needs of Medusa v1's (awilix) container. */
export interface DisposableContainer {
  register(name: string, resolver: unknown): unknown;
  resolve<T = unknown>(name: string): T;
}

/** What this needs of Medusa v1's database connection (the TypeORM DataSource, `manager.connection`). */
export interface DestroyableConnection {
  destroy(): Promise<void>;
}

export const SHUTDOWN_REGISTRATION = "trackmapFlushOnShutdown";

export interface FlushOnShutdownOptions {
  /** The database connection the service records its outbox in, and loads records with. */
  connection?: DestroyableConnection;
  /** How long the flush may take. Default 5 000 ms. */
  timeoutMs?: number;
}

/**
 * Closes the service, once, however Medusa v1 ends the process, and before its database
 * connection closes:
 *
 * - `medusa start` on SIGTERM/SIGINT calls no shutdown hook of a plugin's service, but awaits
 *   `container.dispose()`, which runs the disposer of every resolved singleton: the service is
 *   registered once more under a resolver whose disposer closes it. (An awilix resolver is a
 *   plain object, so no awilix import is needed.)
 * - The same shutdown destroys the database connection *at the same time* (Medusa 1.20's
 *   loaders/index.js: `promiseAll([container.dispose(), dbConnection.destroy(), …])`), so the
 *   outbox lost its connection before it could mark the flushed calls delivered, and the next
 *   process sent them again. The connection's `destroy` now waits for the service's close.
 *
 * (`seed`, `user` and store scripts end with `process.exit()`: the service's delivery closes
 * before such an exit by itself.)
 */
export function flushOnShutdown(container: DisposableContainer, service: Closable, options: FlushOnShutdownOptions = {}): void {
  const timeoutMs = options.timeoutMs ?? 5_000;
  let restoreConnection: () => void = () => undefined;
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= service.close({ timeoutMs }).finally(() => restoreConnection()));

  container.register(SHUTDOWN_REGISTRATION, {
    lifetime: "SINGLETON",
    resolve: () => service,
    dispose: () => close(),
  });
  // Disposal covers resolved singletons only.
  container.resolve(SHUTDOWN_REGISTRATION);

  if (options.connection) restoreConnection = destroyAfter(options.connection, close);
}

/** Makes `connection.destroy()` wait for `close` first; returns what undoes it. */
function destroyAfter(connection: DestroyableConnection, close: () => Promise<void>): () => void {
  const destroy = connection.destroy;
  const waiting = async function (this: DestroyableConnection) {
    await close().catch(() => undefined);
    return destroy.call(this);
  };
  connection.destroy = waiting;
  return () => {
    if (connection.destroy === waiting) connection.destroy = destroy;
  };
}
