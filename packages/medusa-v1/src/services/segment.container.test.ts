import { asFunction, asValue, createContainer, InjectionMode } from "awilix";
import { afterEach, describe, expect, it } from "vitest";
import SegmentService from "./segment";

/**
 * Medusa v1 registers a plugin's service in an awilix container in PROXY mode: the constructor gets
 * the cradle, a proxy whose every read resolves a registration. Reading more than it needs (a
 * spread) resolves the service itself, and awilix reports a cycle: the plugin would not start.
 */
describe("SegmentService in Medusa v1's container", () => {
  let container: ReturnType<typeof createContainer> | undefined;
  afterEach(async () => {
    await container?.resolve<SegmentService>("segmentService").close();
  });

  it("is built by awilix from the cradle, reading only the logger (and the manager when the outbox is on)", () => {
    container = createContainer({ injectionMode: InjectionMode.PROXY });
    const quiet = { info() {}, warn() {}, error() {} };
    container.register({
      logger: asValue(quiet),
      // Resolving Medusa's manager connects to the database: a dry run (no outbox) must not.
      manager: asFunction(() => {
        throw new Error("the manager was resolved");
      }),
      segmentService: asFunction((cradle) => new SegmentService(cradle, {})).singleton(),
    });

    expect(container.resolve("segmentService")).toBeInstanceOf(SegmentService);
  });
});
