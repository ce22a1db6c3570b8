import { describe, expect, it } from "vitest";
import { suggestClosest } from "./suggestClosest";

describe("suggestClosest", () => {
  const keys = ["event", "properties", "userId", "anonymousId"];

  it("finds the closest candidate within two edits, ignoring case", () => {
    expect(suggestClosest("propertis", keys)).toBe("properties");
    expect(suggestClosest("userid", keys)).toBe("userId");
    expect(suggestClosest("evnet", keys)).toBe("event");
  });

  it("suggests nothing when no candidate is close", () => {
    expect(suggestClosest("revenue", keys)).toBeUndefined();
    expect(suggestClosest("x", [])).toBeUndefined();
  });
});
