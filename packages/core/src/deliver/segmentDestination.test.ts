import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { SegmentCall } from "../calls/segmentCall";
import { startSegmentServer, type SegmentServer } from "../testing/segmentServer";
import type { Destination } from "./destination";
import { createSegmentDestination, DestinationConfigError, type SegmentDestinationOptions } from "./segmentDestination";

// The real @segment/analytics-node client against the real local server: what is asserted
// here is what Segment would receive.

const WRITE_KEY = "wk_TEST_0123456789abcdef";
const BASIC = Buffer.from(`${WRITE_KEY}:`).toString("base64");

let server: SegmentServer;
const opened: Destination[] = [];

beforeAll(async () => {
  server = await startSegmentServer();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((destination) => destination.close({ timeoutMs: 2_000 })));
  server.reset();
});
afterAll(() => server.close());

/** A destination sending each call at once (flushAt 1) to the local server, closed after each test. */
function openDestination(options: Partial<SegmentDestinationOptions> = {}): Destination {
  const destination = createSegmentDestination({ writeKey: WRITE_KEY, host: server.url, flushAt: 1, ...options });
  opened.push(destination);
  return destination;
}

const context = { ip: "203.0.113.7", userAgent: "Mozilla/5.0" };
const integrations = { "Google Analytics": { clientId: "GA1.2.3" } };

const calls: SegmentCall[] = [
  {
    type: "track",
    event: "Order Completed",
    userId: "cus_1",
    messageId: "order_1-completed",
    timestamp: "2024-05-01T10:00:00.000+02:00",
    properties: { order_id: "order_1", total: 42.5, currency: "EUR" },
    context,
    integrations,
  },
  { type: "identify", userId: "cus_1", messageId: "cus_1-identify", traits: { email: "jane@example.com" } },
  { type: "group", userId: "cus_1", groupId: "company_9", messageId: "cus_1-group", traits: { name: "ACME" } },
  {
    type: "page",
    anonymousId: "anon_7",
    name: "Checkout",
    category: "Store",
    messageId: "anon_7-page",
    properties: { path: "/checkout" },
  },
  { type: "alias", userId: "cus_1", previousId: "anon_7", messageId: "cus_1-alias" },
];

describe("createSegmentDestination", () => {
  it("delivers each of the five call types with Segment's field names", async () => {
    const destination = openDestination();

    const outcomes = await Promise.all(calls.map((call) => destination.send(call)));
    const messages = await server.waitForMessages(calls.length);
    const byId = new Map(messages.map((message) => [message.messageId, message]));

    expect(outcomes.map((outcome) => outcome.status)).toEqual(["delivered", "delivered", "delivered", "delivered", "delivered"]);
    expect(outcomes.map((outcome) => outcome.call)).toEqual(calls);
    expect(byId.get("order_1-completed")).toMatchObject({
      type: "track",
      event: "Order Completed",
      userId: "cus_1",
      // ISO strings pass through unchanged (offset included).
      timestamp: "2024-05-01T10:00:00.000+02:00",
      properties: { order_id: "order_1", total: 42.5, currency: "EUR" },
      // The client adds its library to the context we give.
      context: { ...context, library: { name: "@segment/analytics-node" } },
      integrations,
    });
    expect(byId.get("cus_1-identify")).toMatchObject({ type: "identify", userId: "cus_1", traits: { email: "jane@example.com" } });
    expect(byId.get("cus_1-group")).toMatchObject({ type: "group", userId: "cus_1", groupId: "company_9", traits: { name: "ACME" } });
    expect(byId.get("anon_7-page")).toMatchObject({
      type: "page",
      anonymousId: "anon_7",
      name: "Checkout",
      category: "Store",
      // The client also copies the category into the properties.
      properties: { path: "/checkout", category: "Store" },
    });
    expect(byId.get("cus_1-alias")).toMatchObject({ type: "alias", userId: "cus_1", previousId: "anon_7" });
  });

  it("leaves the caller's call untouched", async () => {
    const call = structuredClone(calls[0]!);

    await openDestination().send(call);

    expect(call).toEqual(calls[0]);
  });

  it("authenticates with Basic auth carrying the write key", async () => {
    await openDestination().send(calls[1]!);

    expect(server.batches[0]).toMatchObject({ auth: "basic", writeKey: WRITE_KEY });
    expect(server.batches[0]?.headers.authorization).toBe(`Basic ${BASIC}`);
  });

  it("fails a call answered 400 once, without retrying", async () => {
    const onFailure = vi.fn();
    const destination = openDestination({ onFailure, maxRetries: 3 });
    server.setFault({ status: 400, times: 1 });

    const outcome = await destination.send(calls[0]!);
    // The client emits its 'error' event after the callback: closing waits for it.
    await destination.close();

    expect(outcome).toEqual({
      status: "failed",
      call: calls[0],
      error: {
        code: "delivery_failure",
        message: "Segment delivery failed: [400] Bad Request",
        messageId: "order_1-completed",
        // Sending it again cannot help.
        permanent: true,
      },
    });
    expect(onFailure).toHaveBeenCalledTimes(1);
    expect(onFailure).toHaveBeenCalledWith(outcome.status === "failed" ? outcome.error : undefined, calls[0]);
    expect(server.requests.map((request) => request.status)).toEqual([400]);
  });

  it("retries a 500 and delivers once the server recovers", async () => {
    const onFailure = vi.fn();
    const destination = openDestination({ onFailure, maxRetries: 2 });
    server.setFault({ status: 500, times: 1 });

    const outcome = await destination.send(calls[0]!);

    expect(outcome.status).toBe("delivered");
    expect(onFailure).not.toHaveBeenCalled();
    expect(server.requests.map((request) => request.status)).toEqual([500, 200]);
    expect(server.requests[1]?.headers["x-retry-count"]).toBe("1");
    expect(server.messages).toHaveLength(1);
  });

  it("gives up after maxRetries", async () => {
    const onFailure = vi.fn();
    const destination = openDestination({ onFailure, maxRetries: 0 });
    server.setFault({ status: 503 });

    const outcome = await destination.send(calls[1]!);
    await destination.close();

    expect(outcome).toMatchObject({ status: "failed", error: { code: "delivery_failure", message: expect.stringContaining("[503]") } });
    // An outage: worth sending again later.
    expect((outcome as { error: { permanent?: boolean } }).error.permanent).toBeUndefined();
    expect(onFailure).toHaveBeenCalledTimes(1);
    expect(server.requests).toHaveLength(1);
  });

  it("reports network errors with their cause", async () => {
    const closed = await startSegmentServer();
    await closed.close();
    const destination = openDestination({ host: closed.url, maxRetries: 0 });

    const outcome = await destination.send(calls[1]!);

    expect(outcome).toMatchObject({ status: "failed", error: { message: expect.stringContaining("ECONNREFUSED") } });
    expect((outcome as { error: { permanent?: boolean } }).error.permanent).toBeUndefined();
  });

  it("fails a call the client rejects before sending (no userId nor anonymousId)", async () => {
    const onFailure = vi.fn();
    const destination = openDestination({ onFailure });

    const outcome = await destination.send({ type: "track", event: "Orphan", messageId: "orphan" });

    expect(outcome).toMatchObject({
      status: "failed",
      error: { code: "delivery_failure", messageId: "orphan", message: expect.stringContaining("userId/anonymousId"), permanent: true },
    });
    expect(onFailure).toHaveBeenCalledTimes(1);
  });

  it("never lets the write key into failures, even when the server echoes it", async () => {
    const failures: string[] = [];
    const destination = openDestination({ maxRetries: 0, onFailure: (failure) => failures.push(JSON.stringify(failure)) });
    server.setFault({ status: 401, statusText: `Bad key ${WRITE_KEY} in Basic ${BASIC}`, times: 1 });

    const outcome = await destination.send(calls[0]!);
    await destination.close();
    const afterClose = await destination.send(calls[1]!);
    const configError = catchError(() => createSegmentDestination({ writeKey: " " }));

    const texts = [JSON.stringify(outcome), JSON.stringify(afterClose), ...failures, String(configError)];
    expect(outcome).toMatchObject({ error: { message: "Segment delivery failed: [401] Bad key [redacted] in Basic [redacted]" } });
    for (const text of texts) {
      expect(text).not.toContain(WRITE_KEY);
      expect(text).not.toContain(BASIC);
    }
  });

  it("flushes queued calls on close, then refuses new ones", async () => {
    const onFailure = vi.fn();
    // A batch this large and an interval this long would hold the calls for a minute.
    const destination = openDestination({ flushAt: 10, flushInterval: 60_000, onFailure });

    const sending = Promise.all([destination.send(calls[0]!), destination.send(calls[1]!)]);
    await Promise.all([destination.close(), destination.close()]);
    const outcomes = await sending;
    const late = await destination.send(calls[2]!);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(["delivered", "delivered"]);
    expect(server.batches).toHaveLength(1);
    expect(server.messages.map((message) => message.messageId)).toEqual(["order_1-completed", "cus_1-identify"]);
    expect(late).toMatchObject({ status: "failed", error: { code: "destination_closed", messageId: "cus_1-group" } });
    expect(onFailure).toHaveBeenCalledTimes(1);
    expect(server.requests).toHaveLength(1);
  });

  it("throws a typed error when the write key is missing or empty", () => {
    for (const writeKey of [undefined, "", "   "]) {
      const error = catchError(() => createSegmentDestination({ writeKey } as SegmentDestinationOptions));
      expect(error).toBeInstanceOf(DestinationConfigError);
      expect(error).toMatchObject({ code: "TM_INVALID_OPTIONS", option: "writeKey" });
    }
  });

  it("throws a typed error for an invalid numeric option", () => {
    const error = catchError(() => createSegmentDestination({ writeKey: WRITE_KEY, flushAt: 0 }));

    expect(error).toMatchObject({ code: "TM_INVALID_OPTIONS", option: "flushAt" });
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
