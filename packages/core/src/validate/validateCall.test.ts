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

  it("turns whole-number and BigInt ids into text, exactly, and timestamps into toISOString()'s form", () => {
    const result = validateCall({
      type: "alias",
      userId: 12345678901234567890n,
      previousId: 7,
      messageId: 1001,
      timestamp: "2024-05-01T12:30:00+02:00",
    });

    expect(result).toEqual({
      ok: true,
      call: { type: "alias", userId: "12345678901234567890", previousId: "7", messageId: "1001", timestamp: "2024-05-01T10:30:00.000Z" },
    });
  });

  it("accepts ISO 8601 dates, dates and times with an offset, and Dates", () => {
    const timestampOf = (timestamp: unknown) => {
      const result = validateCall({ type: "track", event: "A", userId: "u", timestamp });
      return result.ok ? result.call.timestamp : result.problems;
    };

    expect(timestampOf("2024-02-29")).toBe("2024-02-29T00:00:00.000Z");
    expect(timestampOf("2024-05-01T10:30Z")).toBe("2024-05-01T10:30:00.000Z");
    expect(timestampOf("2024-05-01T10:30:15.123456Z")).toBe("2024-05-01T10:30:15.123Z");
    expect(timestampOf("2024-05-01T00:30:00-0230")).toBe("2024-05-01T03:00:00.000Z");
    expect(timestampOf("2024-05-01 10:30:00+02")).toBe("2024-05-01T08:30:00.000Z");
    expect(timestampOf(new Date("2026-11-26T10:00:00Z"))).toBe("2026-11-26T10:00:00.000Z");
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
      "properties must be an object, got a number",
      "context must be an object, got a list of 0 items",
    ]);
  });

  it("requires text for names and ids", () => {
    expect(problemsOf({ type: "track", event: { name: "A" }, userId: true })).toEqual([
      "event must be text, got an object",
      "userId must be text, got a boolean",
    ]);
  });

  it("refuses ids that a number cannot hold exactly: NaN, Infinity, fractions, and integers past 2^53 - 1", () => {
    expect(problemsOf({ type: "identify", userId: NaN })).toEqual(["userId is a number that is not finite (NaN or Infinity), not an id"]);
    expect(problemsOf({ type: "identify", anonymousId: Infinity })).toEqual([
      "anonymousId is a number that is not finite (NaN or Infinity), not an id",
    ]);
    expect(problemsOf({ type: "group", userId: "u", groupId: 1.5 })).toEqual(["groupId is a number with a fraction, not an id"]);
    // 12345678901234567890 is already 12345678901234567000 here: another user's id.
    // biome-ignore lint/correctness/noPrecisionLoss: the lost precision is what is tested.
    expect(problemsOf({ type: "identify", userId: 12345678901234567890 })).toEqual([
      "userId is a number beyond 2^53 - 1, rounded already (it may now be another id): give it as text or a BigInt",
    ]);
    expect(problemsOf({ type: "identify", userId: Number.MAX_SAFE_INTEGER })).toEqual([]);
  });

  it("refuses a timestamp that is not ISO 8601 text of a real calendar date, describing it without quoting it", () => {
    const timestampProblems = (timestamp: unknown) => problemsOf({ type: "track", event: "A", userId: "u", timestamp });
    const notIso = "is not an ISO 8601 date (2024-05-01) or date and time with an offset (2024-05-01T10:30:00Z)";

    expect(timestampProblems("last tuesday")).toEqual([`timestamp (text of 12 characters) ${notIso}`]);
    expect(timestampProblems("1")).toEqual([`timestamp (text of 1 character) ${notIso}`]);
    expect(timestampProblems("May 5")).toEqual([`timestamp (text of 5 characters) ${notIso}`]);
    expect(timestampProblems("2024-02-30")).toEqual(["timestamp (text of 10 characters) is not a calendar date"]);
    expect(timestampProblems("2023-02-29T10:00:00Z")).toEqual(["timestamp (text of 20 characters) is not a calendar date"]);
    expect(timestampProblems("2024-05-01T24:00:00Z")).toEqual(["timestamp (text of 20 characters) is not a time of day"]);
    expect(timestampProblems("2024-05-01T10:30:00")).toEqual([
      "timestamp (text of 19 characters) has a time but no offset: add Z or +02:00 (without one, its time zone is the server's)",
    ]);
    expect(timestampProblems(new Date("not a date"))).toEqual(["timestamp is an invalid Date"]);
    expect(timestampProblems(true)).toEqual(["timestamp must be ISO 8601 text, got a boolean"]);
  });

  it("refuses a timestamp given as a number: epoch seconds would be read as milliseconds", () => {
    expect(problemsOf({ type: "track", event: "A", userId: "u", timestamp: 1714557600 })).toEqual([
      "timestamp is a number: epoch seconds and milliseconds cannot be told apart; give ISO 8601 text (in a mapping, = $iso(milliseconds))",
    ]);
  });

  it("never quotes a value it refuses: a password hash in the wrong field stays out of the message", () => {
    const hash = "$2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234";
    const problems = problemsOf({ type: "track", event: "A", userId: { hash }, timestamp: hash, properties: hash });

    expect(problems).toEqual([
      "userId must be text, got an object",
      "properties must be an object, got text of 60 characters",
      `timestamp (text of 60 characters) is not an ISO 8601 date (2024-05-01) or date and time with an offset (2024-05-01T10:30:00Z)`,
    ]);
    expect(problems.join("\n")).not.toContain("$2b$");
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
    expect(problemsOf({ type: "screen", userId: "u" })).toEqual([
      "unknown call type (got text of 6 characters; expected one of track, identify, group, page, alias)",
    ]);
  });

  it("reports every problem of a call at once", () => {
    expect(problemsOf({ type: "track", properties: "none", timestamp: "soon" })).toHaveLength(4);
  });
});
