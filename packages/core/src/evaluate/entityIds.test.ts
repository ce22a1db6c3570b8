import { describe, expect, it } from "vitest";
import { entityIdsOf } from "./entityIds";

describe("entityIdsOf", () => {
  it("gives the event's subject id, then each loaded record's id, once each", () => {
    const input = {
      event: { data: { id: "order_1" } },
      order: { id: "order_1", email: "ada@example.com" },
      customer: { id: "cus_1", first_name: "Ada" },
    };

    expect(entityIdsOf(input)).toEqual(["order_1", "cus_1"]);
  });

  it("writes numeric ids as text, and leaves out records without an id, missing ones and ids too long to be one", () => {
    const input = { event: { data: { id: 42 } }, cart: null, region: { name: "EU" }, blob: { id: "x".repeat(201) }, line: { id: 7n } };

    expect(entityIdsOf(input)).toEqual(["42", "7"]);
  });

  it("gives none for an event without a subject id and nothing loaded", () => {
    expect(entityIdsOf({ event: { data: { email: "ada@example.com" } } })).toEqual([]);
    expect(entityIdsOf({})).toEqual([]);
  });
});
