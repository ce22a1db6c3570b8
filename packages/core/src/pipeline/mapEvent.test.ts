import { describe, expect, it } from "vitest";
import type { SegmentCall, TrackCall } from "../calls/segmentCall";
import type { CompiledMapping } from "../compile/compiledMapping";
import { writeTree } from "../testHelpers/writeTree";
import { loadMappings } from "./loadMappings";
import { mapEvent, mapInput } from "./mapEvent";

const MAPPING = `on: order.placed
load:
  order: { entity: order, id: "= event.data.id" }
calls:
  - track:
      event: Order Completed
      userId: "= order.customer_id"
      properties: { total: "= order.total", source: "= event.data.source", password: "= order.password" }
  - identify:
      userId: "= order.customer_id"
      traits: { email: "= order.email", plan: "= $plan" }
`;

async function compiled(): Promise<CompiledMapping> {
  const dir = await writeTree({ "order-placed.yaml": MAPPING });
  const { mappings, diagnostics } = await loadMappings(dir);
  expect(diagnostics).toEqual([]);
  return mappings.forEvent("order.placed")!;
}

describe("mapEvent", () => {
  it("loads the records, evaluates, then gives each call a messageId, redacts and validates it; it sends nothing", async () => {
    const mapping = await compiled();
    const loader = async ({ id }: { id: unknown }) => ({ customer_id: "cus_1", total: 12.5, email: "a@b.c", password: "x", id });

    const { calls, errors, rejected } = await mapEvent(
      mapping,
      { name: "order.placed", data: { id: "order_1", source: "web" } },
      {
        loader,
        variables: { plan: "pro" },
        redact: ["email"],
      },
    );

    expect(errors).toEqual([]);
    expect(rejected).toEqual([]);
    expect(calls.map(({ messageId, ...call }) => call)).toEqual([
      { type: "track", event: "Order Completed", userId: "cus_1", properties: { total: 12.5, source: "web" } },
      { type: "identify", userId: "cus_1", traits: { plan: "pro" } },
    ]);
    expect(calls.every((call) => typeof call.messageId === "string" && call.messageId.length > 0)).toBe(true);
  });

  it("reports an invalid call in errors and rejected, and keeps the valid ones", async () => {
    const mapping = await compiled();

    const { calls, errors, rejected } = await mapEvent(
      mapping,
      { name: "order.placed", data: { id: "o" } },
      {
        records: { order: { customer_id: null, total: 1 } },
      },
    );

    expect(calls).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(["TM_INVALID_CALL", "TM_INVALID_CALL"]);
    expect(rejected.map((r) => r.call.type)).toEqual(["track", "identify"]);
  });
});

describe("mapInput", () => {
  it("takes the records from the input as they are, and the event's data from it unless data is given", async () => {
    const mapping = await compiled();
    const input = { order: { customer_id: "cus_2", total: 3 }, event: { data: { id: "o", source: "fixture" } } };

    const fromInput = await mapInput(mapping, "order.placed", input);
    const fromOption = await mapInput(mapping, "order.placed", input, { data: { id: "o", source: "option" } });

    const propertiesOf = (calls: SegmentCall[]) => (calls[0] as TrackCall).properties;
    expect(propertiesOf(fromInput.calls)).toEqual({ total: 3, source: "fixture" });
    expect(propertiesOf(fromOption.calls)).toEqual({ total: 3, source: "option" });
    expect(fromInput.errors).toEqual([]);
  });
});
