import { describe, expect, it } from "vitest";
import { withStorableText } from "./storableText";

describe("withStorableText: text PostgreSQL's jsonb can hold", () => {
  it("replaces U+0000 and lone surrogates with U+FFFD in every string, keys included, at any depth", () => {
    const value = {
      note: "a\u0000b\u0000",
      cut: "caf\ud83d",
      tail: "\ude00x",
      items: [{ "sku\u0000": ["\ud800\ud800"] }],
    };

    expect(withStorableText(value)).toEqual({
      note: "a\ufffdb\ufffd",
      cut: "caf\ufffd",
      tail: "\ufffdx",
      items: [{ "sku\ufffd": ["\ufffd\ufffd"] }],
    });
  });

  it("keeps whole characters outside the Basic Multilingual Plane, and returns clean values as they are", () => {
    const value = { emoji: "😀 ok", list: ["é", 1, null, true], nested: { when: new Date(0) } };

    expect(withStorableText(value)).toBe(value);
  });

  it("copies only the parts it changes", () => {
    const clean = { sku: "A" };
    const value = { clean, dirty: { text: "\u0000" } };

    const result = withStorableText(value);

    expect(result).toEqual({ clean: { sku: "A" }, dirty: { text: "\ufffd" } });
    expect(result.clean).toBe(clean);
    expect(value.dirty.text).toBe("\u0000");
  });

  it("leaves a cycle as it is, for validation to reject", () => {
    const value: Record<string, unknown> = { text: "\u0000" };
    value.self = value;

    const result = withStorableText(value);

    expect(result.text).toBe("\ufffd");
    expect(result.self).toBe(value);
  });
});
