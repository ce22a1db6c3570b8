import { describe, expect, it } from "vitest";
import { within } from "./within";

describe("within: wait for work, but not forever", () => {
  it("says whether the work settled before the deadline, rejected work included", async () => {
    expect(await within(1_000, Promise.resolve("done"))).toBe(true);
    expect(await within(1_000, Promise.reject(new Error("failed")))).toBe(true);
    expect(await within(10, new Promise(() => undefined))).toBe(false);
  });
});
