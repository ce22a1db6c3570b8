import { describe, expect, it } from "vitest";
import { flushOnShutdown, SHUTDOWN_REGISTRATION } from "./flushOnShutdown";

/**
 * The part of awilix's container that Medusa v1's shutdown relies on: resolved singletons are cached,
 * and dispose() runs each cached resolver's disposer (awilix 8's container.dispose, to the letter).
 */
function awilixLikeContainer() {
  const registrations = new Map<string, any>();
  const cache = new Map<string, { resolver: any; value: unknown }>();
  return {
    register: (name: string, resolver: unknown) => void registrations.set(name, resolver),
    resolve: <T>(name: string): T => {
      const resolver = registrations.get(name);
      const value = resolver.resolve();
      if (resolver.lifetime === "SINGLETON") cache.set(name, { resolver, value });
      return value as T;
    },
    dispose: () =>
      Promise.all([...cache.values()].map(({ resolver, value }) => (resolver.dispose ? resolver.dispose(value) : undefined))),
  };
}

describe("flushOnShutdown", () => {
  it("closes the service, with a time limit, when Medusa disposes its container at shutdown", async () => {
    const container = awilixLikeContainer();
    const closes: unknown[] = [];
    const service = { close: async (options?: { timeoutMs?: number }) => void closes.push(options) };

    flushOnShutdown(container, service, { timeoutMs: 1234 });
    expect(closes).toEqual([]);
    await container.dispose();

    expect(closes).toEqual([{ timeoutMs: 1234 }]);
    expect(container.resolve(SHUTDOWN_REGISTRATION)).toBe(service);
  });

  it("holds the database connection open until the service has closed, though Medusa destroys both at once", async () => {
    const container = awilixLikeContainer();
    const steps: string[] = [];
    const service = { close: async () => void (await new Promise((resolve) => setTimeout(resolve, 50)), steps.push("service closed")) };
    class DataSource {
      async destroy() {
        steps.push("connection destroyed");
      }
    }
    const connection = new DataSource();

    flushOnShutdown(container, service, { connection });
    // Medusa 1.20's shutdown (loaders/index.js): promiseAll([container.dispose(), dbConnection.destroy(), ...]).
    await Promise.all([container.dispose(), connection.destroy()]);

    expect(steps).toEqual(["service closed", "connection destroyed"]);
    // Closed: the connection is as it was.
    expect(connection.destroy).toBe(DataSource.prototype.destroy);
  });
});
