import { describe, expect, it } from "vitest";
import { MAX_CALL_BYTES, validateCall } from "./validateCall";

const problemsOf = (call: Record<string, unknown> & { type: unknown }) => {
  const result = validateCall(call);
  return result.ok ? [] : result.problems;
};

describe("validateCall: valid calls", () => {
  it("accepts a track call and gives it back typed", () => {
    const call = { type: "track", event: "Order Completed", userId: "cus_1", properties: { total: 10 } };

    expect(validateCall(call)).toEqual({ ok: true, call });
  });

  it("turns number ids into text and timestamps into ISO-8601", () => {
    const result = validateCall({
      type: "alias",
      userId: 42,
      previousId: 7,
      messageId: 1001,
      timestamp: Date.UTC(2024, 4, 1),
    });

    expect(result).toEqual({
      ok: true,
      call: { type: "alias", userId: "42", previousId: "7", messageId: "1001", timestamp: "2024-05-01T00:00:00.000Z" },
    });
  });

  it("leaves out fields that are null or empty text", () => {
    const result = validateCall({ type: "identify", userId: "cus_1", anonymousId: "", traits: null, context: undefined });

    expect(result).toEqual({ ok: true, call: { type: "identify", userId: "cus_1" } });
  });
});

describe("validateCall: what Segment would drop silently", () => {
  it("requires userId or anonymousId", () => {
    expect(problemsOf({ type: "identify", traits: { email: "a@example.com" } })).toEqual(["userId or anonymousId is required"]);
    expect(problemsOf({ type: "identify", userId: "", anonymousId: null })).toEqual(["userId or anonymousId is required"]);
  });

  it("requires the event name of a track call", () => {
    expect(problemsOf({ type: "track", event: "", userId: "cus_1" })).toEqual(["event (the track event name) is required"]);
  });

  it("requires groupId for group, and previousId and userId for alias", () => {
    expect(problemsOf({ type: "group", userId: "cus_1" })).toEqual(["groupId is required"]);
    expect(problemsOf({ type: "alias", anonymousId: "anon_1" })).toEqual(["alias requires previousId and userId"]);
  });

  it("requires properties, traits and context to be maps", () => {
    expect(problemsOf({ type: "track", event: "A", userId: "u", properties: 12, context: [] })).toEqual([
      "properties must be an object, got number 12",
      "context must be an object, got a list",
    ]);
  });

  it("requires text for names and ids", () => {
    expect(problemsOf({ type: "track", event: { name: "A" }, userId: true })).toEqual([
      'event must be text, got object {"name":"A"}',
      "userId must be text, got boolean true",
    ]);
  });

  it("refuses a timestamp that is not a date", () => {
    expect(problemsOf({ type: "track", event: "A", userId: "u", timestamp: "last tuesday" })).toEqual([
      'timestamp must be an ISO-8601 date, got string "last tuesday"',
    ]);
  });

  it("refuses a messageId over 100 characters", () => {
    expect(problemsOf({ type: "track", event: "A", userId: "u", messageId: "m".repeat(101) })).toEqual([
      "messageId is 101 characters long; Segment allows 100",
    ]);
    expect(problemsOf({ type: "track", event: "A", userId: "u", messageId: "m".repeat(100) })).toEqual([]);
  });

  it("refuses a call over the size limit, saying by how much in bytes", () => {
    const base = { type: "track", event: "A", userId: "u", properties: { note: "" } };
    const overhead = Buffer.byteLength(JSON.stringify(base));
    const atLimit = { ...base, properties: { note: "x".repeat(MAX_CALL_BYTES - overhead) } };
    const overLimit = { ...base, properties: { note: "x".repeat(MAX_CALL_BYTES - overhead + 1) } };

    expect(problemsOf(atLimit)).toEqual([]);
    expect(problemsOf(overLimit)).toEqual([
      `the call is ${MAX_CALL_BYTES + 1} bytes; the limit is 32256 (Segment's 32 KB less room for the fields its client adds)`,
    ]);
  });

  it("refuses fields the call type does not have, listing the allowed ones", () => {
    expect(problemsOf({ type: "track", event: "A", userId: "u", revenue: 10, traits: {} })).toEqual([
      'unknown field "revenue" for track (allowed: event, properties, userId, anonymousId, context, integrations, timestamp, messageId)',
      'unknown field "traits" for track (allowed: event, properties, userId, anonymousId, context, integrations, timestamp, messageId)',
    ]);
  });

  it("refuses an unknown call type", () => {
    expect(problemsOf({ type: "screen", userId: "u" })).toEqual(['unknown call type "screen"']);
  });

  it("reports every problem of a call at once", () => {
    expect(problemsOf({ type: "track", properties: "none", timestamp: "soon" })).toHaveLength(4);
  });
});
