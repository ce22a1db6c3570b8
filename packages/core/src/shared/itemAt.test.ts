import { describe, expect, it } from "vitest";
import { itemAt } from "./itemAt";

describe("itemAt", () => {
  it("gives the item at an index in range, of a list or a string", () => {
    expect(itemAt(["a", "b", "c"], 2)).toBe("c");
    expect(itemAt("abc", 0)).toBe("a");
  });

  it("keeps an undefined item that is really there", () => {
    expect(itemAt([undefined, 1], 0)).toBeUndefined();
  });

  it("throws TM_INTERNAL for an index outside the list, instead of computing on with undefined", () => {
    expect(() => itemAt([1, 2], 2)).toThrow(expect.objectContaining({ code: "TM_INTERNAL", message: "index 2 is outside a list of 2 item(s)" }));
    expect(() => itemAt([1, 2], -1)).toThrow("index -1 is outside a list of 2 item(s)");
    expect(() => itemAt([1, 2], 0.5)).toThrow("index 0.5 is outside a list of 2 item(s)");
  });
});
