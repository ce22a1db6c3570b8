import { describe, expect, it } from "vitest";
import { describeValue } from "./describeValue";

describe("describeValue", () => {
  it("names a value's type and size, never the value", () => {
    expect(
      [undefined, null, "", "a", "$2b$10$abc", 4242424242424242, NaN, 12n, true, [], [1, 2], new Date(0), { pin: 1234 }].map(describeValue),
    ).toEqual([
      "nothing",
      "null",
      "empty text",
      "text of 1 character",
      "text of 10 characters",
      "a number",
      "a number that is not finite (NaN or Infinity)",
      "a BigInt",
      "a boolean",
      "a list of 0 items",
      "a list of 2 items",
      "a Date",
      "an object",
    ]);
  });
});
