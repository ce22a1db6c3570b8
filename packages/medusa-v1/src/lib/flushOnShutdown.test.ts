import { createContainer, InjectionMode } from "awilix";
import { describe, expect, it } from "vitest";
import { flushOnShutdown, SHUTDOWN_REGISTRATION } from "./flushOnShutdown";

/** Medusa v1's container: awilix 8, whose dispose() runs the disposer of each resolved singleton at shutdown. */
const awilixContainer = () => createContainer({ injectionMode: InjectionMode.PROXY });

describe("flushOnShutdown", () => {
  it("closes the service, with a time limit, when Medusa disposes its container at shutdown", async () => {
    const container = awilixContainer();
    const closes: unknown[] = [];
    const service = { close: async (options?: { timeoutMs?: number }) => void closes.push(options) };

    flushOnShutdown(container, service, { timeoutMs: 1234 });
    expect(closes).toEqual([]);
    await container.dispose();

    expect(closes).toEqual([{ timeoutMs: 1234 }]);
    expect(container.resolve(SHUTDOWN_REGISTRATION)).toBe(service);
  });

  it("holds the database connection open until the service has closed, though Medusa destroys both at once", async () => {
    const container = awilixContainer();
    const steps: string[] = [];
    const service = {
      close: async () => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        steps.push("service closed");
      },
    };
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
