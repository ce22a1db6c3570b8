import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSegmentServer, type SegmentServer } from "@trackmap/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import SegmentService from "./segment";

// A Medusa 1.20 order as orderService.retrieveWithTotals gave it (captured by examples/medusa-v1-store).
const placed = JSON.parse(readFileSync(join(__dirname, "..", "..", "mappings", "fixtures", "generated", "order-placed.de.json"), "utf8"));

/** Medusa v1's container, reduced to the one service the order.placed mapping loads through. */
function containerServing(order: unknown) {
  const orderService = { retrieveWithTotals: async () => (order instanceof Error ? Promise.reject(order) : order) };
  return { resolve: <T>(name: string) => ({ orderService })[name as "orderService"] as T };
}

function recordingLogger() {
  const lines: string[] = [];
  const log = (level: string) => (message: string) => void lines.push(`${level}: ${message}`);
  return { lines, logger: { info: log("info"), warn: log("warn"), error: log("error") } };
}

describe("SegmentService (Medusa v1's segmentService)", () => {
  let segment: SegmentServer;
  let service: SegmentService | undefined;

  beforeEach(async () => {
    segment = await startSegmentServer();
  });
  afterEach(async () => {
    await service?.close();
    await segment.close();
  });

  function create(options: Record<string, unknown> = {}) {
    const { lines, logger } = recordingLogger();
    service = new SegmentService({ logger }, { write_key: "wk_secret", host: segment.url, flush_at: 1, max_retries: 0, ...options });
    return { lines, service };
  }

  it("track and identify as medusa-plugin-segment's docs use them; the promise settles once Segment has the call", async () => {
    const { service } = create();
    const customer = { id: "cus_1", email: "ada@example.com", created_at: new Date("2026-11-26T10:00:00Z") };

    await expect(service.track({ event: "Customer Created", userId: customer.id, properties: customer })).resolves.toMatchObject({
      status: "delivered",
    });
    await expect(service.identify({ userId: customer.id, traits: { email: customer.email } })).resolves.toMatchObject({ status: "delivered" });

    expect(segment.messages.map((m) => [m.type, m.event ?? null, m.userId])).toEqual([
      ["track", "Customer Created", "cus_1"],
      ["identify", null, "cus_1"],
    ]);
    expect(segment.messages[0]!.properties).toEqual({ id: "cus_1", email: "ada@example.com", created_at: "2026-11-26T10:00:00.000Z" });
  });

  it("an invalid call is logged and resolves as invalid: 1.3.8's callers never awaited or caught, so it never rejects", async () => {
    const { service, lines } = create();
    await expect(service.track({ event: "Customer Created", properties: {} } as never)).resolves.toMatchObject({ status: "invalid" });
    expect(lines).toEqual([expect.stringMatching(/^warn: \[trackmap\] segmentService.track "Customer Created": not sent, .*userId/)]);
    expect(segment.messages).toEqual([]);
  });

  it("trackEvent runs the mapping with Medusa v1's services and sends identify and Order Completed", async () => {
    const { service } = create({ use_ga_id: true });
    const result = await service.trackEvent({ name: "order.placed", data: placed.event.data }, containerServing(placed.order));

    expect(result?.errors).toEqual([]);
    expect(result?.mapping).toMatch(/order-placed\.yaml$/);
    expect(segment.messages.map((m) => m.event ?? m.type)).toEqual(["identify", "Order Completed"]);
    expect(segment.messages[1]!.integrations).toEqual({ "Google Analytics": { clientId: "GA1.2.345.678" } });
  });

  it("a record that fails to load is logged with the event and the mapping, and nothing is thrown", async () => {
    const { service, lines } = create();
    const result = await service.trackEvent({ name: "order.placed", data: { id: "order_1" } }, containerServing(new Error("connection terminated")));

    expect(result?.calls).toEqual([]);
    expect(lines.join("\n")).toMatch(
      /warn: \[trackmap\] order\.placed: .*order-placed\.yaml:\d+:\d+: TM_LOAD_FAILED loading order "order_1" failed: connection terminated/,
    );
  });

  it("a call Segment refuses is logged with the event, the call and the mapping, never with the write key", async () => {
    const { service, lines } = create();
    segment.setFault({ status: 400 });
    await service.trackEvent({ name: "order.placed", data: placed.event.data }, containerServing(placed.order));

    const errors = lines.filter((line) => line.startsWith("error:"));
    expect(errors).toHaveLength(2);
    expect(errors[1]).toMatch(
      /order\.placed \{"id":"order_01M8C70BM33EG76CGSK8W1BWVH"\}: track "Order Completed" not delivered: .*400.*\[mapping .*order-placed\.yaml\]/,
    );
    expect(lines.join("\n")).not.toContain("wk_secret");
  });

  it("with capture_inputs, writes each mapped event's input as a fixture the test kit reads", async () => {
    const folder = await mkdtemp(join(tmpdir(), "trackmap-v1-captured-"));
    try {
      const { service } = create({ capture_inputs: folder });
      const order = { ...structuredClone(placed.order), customer: { ...placed.order.customer, password_hash: "$2b$10$secret" } };

      await service.trackEvent({ name: "order.placed", data: placed.event.data }, containerServing(order));

      const file = join(folder, `order-placed.${placed.event.data.id}.json`);
      expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ event: { name: "order.placed", data: placed.event.data }, order: placed.order });
      expect(await service.captureInput({ name: "order.placed", data: placed.event.data }, containerServing(order))).toEqual({
        fixture: { event: { name: "order.placed", data: placed.event.data }, order: placed.order },
        errors: [],
        complete: true,
      });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("trackEvent takes an ORM order as it is, back-references, BigInts and all, reports nesting too deep, and sends the calls", async () => {
    const { service, lines } = create();
    const order = structuredClone(placed.order);
    order.items[0].order = order;
    order.customer.orders = [order];
    order.metadata = { loyalty_points: 250n, nested: {} };
    for (let level = 0, node = order.metadata.nested; level < 10_000; level++) node = node.parent = {};
    const data = { id: placed.event.data.id, order };

    const result = await service.trackEvent({ name: "order.placed", data }, containerServing(order));

    expect(result?.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /^order\.placed: .*order-placed\.yaml: TM_BAD_INPUT event\.data is nested deeper than 100 levels; the deeper parts were left out \(at event\.data\)$/,
      ),
      expect.stringMatching(
        /^order\.placed: .*order-placed\.yaml: TM_BAD_INPUT load\.order is nested deeper than 100 levels; the deeper parts were left out \(at load\.order\)$/,
      ),
    ]);
    expect(lines.filter((line) => line.startsWith("error:"))).toEqual([]);
    expect(segment.messages.map((m) => m.event ?? m.type)).toEqual(["identify", "Order Completed"]);
  });

  it("hand-written calls take a Date timestamp and a BigInt id, and refuse a timestamp that is not a date without quoting it", async () => {
    const { service, lines } = create();

    await expect(
      service.track({ event: "Points Earned", userId: 42n as never, timestamp: new Date("2026-11-26T10:00:00Z") as never }),
    ).resolves.toMatchObject({ status: "delivered" });
    await expect(service.track({ event: "Points Earned", userId: "cus_1", timestamp: "May 5" })).resolves.toMatchObject({ status: "invalid" });

    expect(segment.messages.map((m) => [m.userId, m.timestamp])).toEqual([["42", "2026-11-26T10:00:00.000Z"]]);
    expect(lines).toEqual([
      'warn: [trackmap] segmentService.track "Points Earned": not sent, timestamp (text of 5 characters) is not an ISO 8601 date (2024-05-01) or date and time with an offset (2024-05-01T10:30:00Z)',
    ]);
  });

  it("disabled events and events without a mapping send nothing", async () => {
    const { service } = create({ disable: ["order.placed"] });
    await expect(service.trackEvent({ name: "order.placed", data: placed.event.data }, containerServing(placed.order))).resolves.toBeUndefined();
    await expect(service.trackEvent({ name: "product.created", data: { id: "prod_1" } }, containerServing(null))).resolves.toBeUndefined();
    expect(await service.trackedEvents()).not.toContain("order.placed");
  });

  it("close() sends what is still queued", async () => {
    const { service } = create({ flush_at: 100, flush_interval: 60_000 });
    const sent = service.track({ event: "Queued", userId: "cus_1" });
    expect(segment.messages).toEqual([]);

    await service.close();

    await expect(sent).resolves.toMatchObject({ status: "delivered" });
    expect(segment.messages.map((m) => m.event)).toEqual(["Queued"]);
  });

  it("without a write key it runs dry: calls are logged, not sent", async () => {
    const { lines } = recordingLogger();
    const keep = (m: string) => void lines.push(m);
    service = new SegmentService({ logger: { info: keep, warn: keep, error: keep } }, {});
    await service.track({ event: "Customer Created", userId: "cus_1" });
    expect(lines).toEqual([expect.stringMatching(/^\[trackmap\] dry run, not sent: track "Customer Created"\s+userId=cus_1/)]);
    await service.logStart();
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^\[trackmap\] 8 event\(s\) mapped to Segment: /),
      "[trackmap] no write_key: dry run, the Segment calls are logged, not sent",
    ]);
  });

  it("a broken store mapping is logged with its file and line, and ready() says the mappings are not loaded", async () => {
    const { lines } = create({ mappings: [join(__dirname, "__fixtures__", "broken-mappings")] });
    await expect(service!.ready()).rejects.toThrow(/could not be loaded/);
    expect(lines.join("\n")).toMatch(/error: \[trackmap\] .*broken-mappings\/order-placed\.yaml:\d+:\d+.*TM_JSONATA_SYNTAX/s);
  });
});

describe("SegmentService.close() with events still queued", () => {
  it("waits for events being mapped, then flushes their calls (it does not wait for their delivery, which it brings about)", async () => {
    const segment = await startSegmentServer();
    const service = new SegmentService(
      { logger: { info: () => {}, warn: () => {}, error: () => {} } },
      { write_key: "wk", host: segment.url, flush_at: 100, flush_interval: 600_000 },
    );
    try {
      const tracking = service.trackEvent({ name: "order.placed", data: placed.event.data }, containerServing(placed.order));

      await service.close();

      await expect(tracking).resolves.toMatchObject({ errors: [] });
      expect(segment.messages.map((m) => m.event ?? m.type)).toEqual(["identify", "Order Completed"]);
    } finally {
      await segment.close();
    }
  });
});
