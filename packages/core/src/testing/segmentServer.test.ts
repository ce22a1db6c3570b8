import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSegmentServer, type SegmentServer } from "./segmentServer";

// Plain fetch against the server, to pin its HTTP behaviour independently of any client.

const WRITE_KEY = "test_write_key";
const AUTH = `Basic ${Buffer.from(`${WRITE_KEY}:`).toString("base64")}`;

let server: SegmentServer;

beforeAll(async () => {
  server = await startSegmentServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

function post(path: string, body: unknown, headers: Record<string, string> = { Authorization: AUTH }) {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const track = { type: "track", event: "Order Completed", userId: "cus_1", messageId: "m1" };

describe("startSegmentServer", () => {
  it("listens on loopback and accepts a batch with Basic auth", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const response = await post("/v1/batch", { batch: [track], sentAt: "2024-05-01T10:00:00.000Z" });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    expect(server.messages).toEqual([track]);
    expect(server.writeKeys).toEqual([WRITE_KEY]);
    expect(server.batches[0]).toMatchObject({ path: "/v1/batch", auth: "basic", sentAt: "2024-05-01T10:00:00.000Z" });
  });

  it("merges batch-level context and integrations into each message", async () => {
    await post("/v1/batch", {
      batch: [{ ...track, context: { ip: "1.2.3.4" } }],
      context: { ip: "0.0.0.0", locale: "fr" },
      integrations: { All: false },
    });

    expect(server.messages[0]).toMatchObject({ context: { ip: "1.2.3.4", locale: "fr" }, integrations: { All: false } });
  });

  it("accepts single-message endpoints, taking the type from the path", async () => {
    const response = await post("/v1/identify", { userId: "cus_1", traits: { email: "a@b.c" } });

    expect(response.status).toBe(200);
    expect(server.messages).toEqual([{ type: "identify", userId: "cus_1", traits: { email: "a@b.c" } }]);
  });

  it("accepts gzip bodies", async () => {
    const response = await fetch(`${server.url}/v1/batch`, {
      method: "POST",
      headers: { Authorization: AUTH, "Content-Type": "application/json", "Content-Encoding": "gzip" },
      body: gzipSync(JSON.stringify({ batch: [track] })),
    });

    expect(response.status).toBe(200);
    expect(server.messages).toHaveLength(1);
  });

  it("answers 401 without Basic auth, and records the request but no message", async () => {
    const response = await post("/v1/batch", { batch: [track], writeKey: WRITE_KEY }, {});

    expect(response.status).toBe(401);
    expect(server.messages).toEqual([]);
    expect(server.requests).toMatchObject([{ status: 401, rejection: "missing auth" }]);
  });

  it("can accept the write key in the body, and restrict the keys it accepts", async () => {
    const lenient = await startSegmentServer({ acceptWriteKeyInBody: true, acceptWriteKeys: [WRITE_KEY] });
    try {
      const inBody = await fetch(`${lenient.url}/v1/batch`, {
        method: "POST",
        body: JSON.stringify({ batch: [track], writeKey: WRITE_KEY }),
      });
      const wrongKey = await fetch(`${lenient.url}/v1/batch`, {
        method: "POST",
        headers: { Authorization: `Basic ${Buffer.from("other:").toString("base64")}` },
        body: JSON.stringify({ batch: [track] }),
      });

      expect(inBody.status).toBe(200);
      expect(lenient.batches[0]?.auth).toBe("body");
      expect(wrongKey.status).toBe(401);
    } finally {
      await lenient.close();
    }
  });

  it("answers 400 to a body that is not JSON, a batch that is not an array, and a message over 32 KB", async () => {
    const notJson = await post("/v1/batch", "{not json");
    const notArray = await post("/v1/batch", { batch: {} });
    const huge = await post("/v1/batch", { batch: [{ ...track, properties: { blob: "x".repeat(33 * 1024) } }] });

    expect([notJson.status, notArray.status, huge.status]).toEqual([400, 400, 400]);
    expect(await huge.json()).toEqual({ code: "invalid_request", message: "Message 0 exceeds 32 KB" });
    expect(server.messages).toEqual([]);
  });

  it("answers 404 to unknown paths", async () => {
    expect((await post("/v2/whatever", {})).status).toBe(404);
  });

  it("fails the next requests on demand, then recovers", async () => {
    server.setFault({ status: 503, times: 2, headers: { "Retry-After": "1" } });

    const first = await post("/v1/batch", { batch: [track] });
    const second = await post("/v1/batch", { batch: [track] });
    const third = await post("/v1/batch", { batch: [track] });

    expect([first.status, second.status, third.status]).toEqual([503, 503, 200]);
    expect(first.headers.get("retry-after")).toBe("1");
    expect(server.messages).toHaveLength(1);
    expect(server.requests.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it("keeps failing until clearFault when no count is given", async () => {
    server.setFault({ status: 500 });
    expect((await post("/v1/batch", { batch: [track] })).status).toBe(500);
    expect((await post("/v1/batch", { batch: [track] })).status).toBe(500);

    server.clearFault();
    expect((await post("/v1/batch", { batch: [track] })).status).toBe(200);
  });

  it("can drop the connection, as a network failure would", async () => {
    server.setFault({ dropConnection: true, times: 1 });

    await expect(post("/v1/batch", { batch: [track] })).rejects.toThrow();
    expect(server.requests).toMatchObject([{ rejection: "fault injected: connection dropped" }]);
  });

  it("can answer slowly, with success or with a failure", async () => {
    server.setFault({ delayMs: 200, times: 1 });
    const started = Date.now();
    expect((await post("/v1/batch", { batch: [track] })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(server.messages).toHaveLength(1);

    server.setFault({ delayMs: 50, status: 503, times: 1 });
    expect((await post("/v1/batch", { batch: [track] })).status).toBe(503);
  });

  it("waitForMessages resolves once enough messages arrived", async () => {
    const waiting = server.waitForMessages(2, 2_000);
    await post("/v1/batch", { batch: [track] });
    await post("/v1/batch", { batch: [{ ...track, messageId: "m2" }] });

    expect((await waiting).map((m) => m.messageId)).toEqual(["m1", "m2"]);
  });

  it("waitForMessages rejects on timeout with what did arrive", async () => {
    await post("/v1/batch", { batch: [track] });
    await post("/v1/batch", "{oops");

    const error = await server.waitForMessages(3, 50).catch((e: Error) => e);

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("Expected 3 Segment message(s) within 50 ms, got 1:");
    expect((error as Error).message).toContain('track "Order Completed" userId=cus_1 messageId=m1');
    expect((error as Error).message).toContain("POST /v1/batch → 400 (body is not JSON)");
  });

  it("reset empties the records in place", async () => {
    const { messages } = server;
    await post("/v1/batch", { batch: [track] });
    server.reset();

    expect(messages).toHaveLength(0);
    expect(server.writeKeys).toHaveLength(0);
  });

  it("close is idempotent and rejects pending waits", async () => {
    const other = await startSegmentServer();
    const waiting = other.waitForMessages(1, 5_000);

    await Promise.all([other.close(), other.close()]);

    await expect(waiting).rejects.toThrow(/closed/);
  });
});
