import { describe, expect, it } from "vitest";
import { formatSeconds } from "./formatSeconds";

describe("formatSeconds", () => {
  it("says a duration in seconds, minutes or hours, rounded up", () => {
    expect([0, 44.2, 59, 60, 200, 3599, 3600, 7500].map(formatSeconds)).toEqual([
      "0 s",
      "45 s",
      "59 s",
      "1 min 00 s",
      "3 min 20 s",
      "59 min 59 s",
      "1 h 00 min",
      "2 h 05 min",
    ]);
  });
});
