import { describe, expect, it } from "vitest";
import { MappingRunError } from "./mappingRunError";

describe("MappingRunError", () => {
  it("says event, place, codes, reason and path in one line", () => {
    const error = new MappingRunError({
      code: "TM_EVAL_ERROR",
      event: "order.placed",
      file: "mappings/lib/commerce.yaml",
      line: 5,
      column: 43,
      path: "functions.label",
      jsonataCode: "T2001",
      mapping: "mappings/order-placed.yaml",
      reason: 'The left side of the "+" operator must evaluate to a number',
    });

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("MappingRunError");
    expect(error.code).toBe("TM_EVAL_ERROR");
    expect(error.message).toBe(
      'order.placed: mappings/lib/commerce.yaml:5:43: TM_EVAL_ERROR T2001 The left side of the "+" operator must evaluate to a number (at functions.label) [mapping mappings/order-placed.yaml]',
    );
  });

  it("leaves out what it does not know", () => {
    expect(new MappingRunError({ code: "TM_BAD_RESULT", event: "x", file: "m.jsonata", reason: "bad" }).message).toBe(
      "x: m.jsonata: TM_BAD_RESULT bad",
    );
    expect(new MappingRunError({ code: "TM_LOAD_FAILED", event: "x", reason: "down" }).message).toBe("x: TM_LOAD_FAILED down");
  });
});
