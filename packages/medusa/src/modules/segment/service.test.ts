import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger, MedusaContainer } from "@medusajs/framework/types";
import type { LoadResult } from "@trackmap/core";
import { loadHostMappings, shippedMappingsFolder } from "@trackmap/core/host";
import { startSegmentServer, type SegmentServer } from "@trackmap/core/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_NAME, resolveOptions } from "./options";
import SegmentService from "./service";

// segmentService with data a store's code may hand in: whole ORM entities, Dates, BigInt ids.
// The mapping loads nothing, so Medusa's container is only asked for Query, never used.

const MAPPING = `on: customer.created
calls:
  - identify:
      userId: = event.data.id
      traits: { email: = event.data.email }
  - track:
      event: Signed Up
      userId: = event.data.id
`;

let dir: string;
let mappings: LoadResult;
let segment: SegmentServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "trackmap-v2-service-"));
  await writeFile(join(dir, "customer-created.yaml"), MAPPING);
  // As the module's loader hands them to the service: the shipped defaults, then the store's folder.
  mappings = await loadHostMappings(shippedMappingsFolder(PACKAGE_NAME, __dirname), resolveOptions(options()));
  segment = await startSegmentServer();
});
const services: SegmentService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.close()));
  segment.reset();
});
afterAll(async () => {
  await segment.close();
  await rm(dir, { recursive: true, force: true });
});

function recordingLogger() {
  const lines: string[] = [];
  const log = (level: string) => (message: string) => void lines.push(`${level}: ${message}`);
  return { lines, logger: { info: log("info"), warn: log("warn"), error: log("error"), debug: log("debug") } as unknown as Logger };
}

const container = { resolve: () => ({}) } as unknown as MedusaContainer;

const options = () => ({ write_key: "wk_v2", host: segment?.url, flush_at: 1, max_retries: 0, outbox: false, mappings: dir });

function createService() {
  const { lines, logger } = recordingLogger();
  const service = new SegmentService({ logger, trackmapMappings: mappings, __pg_connection__: undefined as never }, options());
  services.push(service);
  return { lines, service };
}

describe("SegmentService.trackEvent (Medusa v2) never rejects", () => {
  it("maps a circular entity holding BigInts and deep nesting, reports what it left out, and sends the calls", async () => {
    const { lines, service } = createService();
    let nested: Record<string, unknown> = {};
    for (let level = 0; level < 10_000; level++) nested = { parent: nested };
    const customer: Record<string, unknown> = { id: 12345678901234567890n, email: "ada@example.com", password_hash: "$2b$10$x", nested };
    customer.addresses = [{ id: "addr_1", customer }];

    const result = await service.trackEvent({ name: "customer.created", data: customer }, container);

    expect(result?.errors.map((e) => e.code)).toEqual(["TM_BAD_INPUT"]);
    expect(lines).toEqual([
      `warn: [trackmap] customer.created: ${join(dir, "customer-created.yaml")}: TM_BAD_INPUT event.data is nested deeper than 100 levels; the deeper parts were left out (at event.data)`,
    ]);
    expect((await result!.delivered).map((o) => o.status)).toEqual(["delivered", "delivered"]);
    expect(segment.messages.map((m) => [m.type, m.userId])).toEqual([
      ["identify", "12345678901234567890"],
      ["track", "12345678901234567890"],
    ]);
  });
});

describe("SegmentService.track (Medusa v2), a hand-written call", () => {
  it("takes a Date timestamp and a BigInt id as a subscriber writes them", async () => {
    const { service } = createService();

    await service.track({ event: "Loyalty Points Earned", userId: 42n as never, timestamp: new Date("2026-11-26T10:00:00Z") as never });
    await service.close();

    expect(segment.messages.map((m) => [m.event, m.userId, m.timestamp])).toEqual([["Loyalty Points Earned", "42", "2026-11-26T10:00:00.000Z"]]);
  });

  it("refuses a timestamp that is not a date with TM_INVALID_CALL, without quoting it", async () => {
    const { service } = createService();

    await expect(service.track({ event: "A", userId: "cus_1", timestamp: "May 5" })).rejects.toThrow(
      'segmentService.track "A": timestamp (text of 5 characters) is not an ISO 8601 date (2024-05-01) or date and time with an offset (2024-05-01T10:30:00Z)',
    );
  });
});
