import { describe, expect, it } from "vitest";
import type { SegmentCall } from "../calls/segmentCall";
import { createMemoryDestination } from "./memoryDestination";

const track: SegmentCall = { type: "track", event: "Order Completed", userId: "cus_1", properties: { total: 1 } };

describe("createMemoryDestination", () => {
  it("keeps the calls it gets, in order", async () => {
    const destination = createMemoryDestination();

    const outcome = await destination.send(track);
    await destination.send({ type: "identify", userId: "cus_1" });

    expect(outcome).toEqual({ status: "delivered", call: track });
    expect(destination.calls).toEqual([track, { type: "identify", userId: "cus_1" }]);
  });

  it("keeps copies, unaffected by later changes to the caller's objects", async () => {
    const destination = createMemoryDestination();
    const call = structuredClone(track);

    await destination.send(call);
    if (call.type === "track") call.properties = { total: 999 };

    expect(destination.calls[0]).toEqual(track);
  });

  it("clears in place, and refuses calls after close", async () => {
    const destination = createMemoryDestination();
    const { calls } = destination;
    await destination.send(track);

    destination.clear();
    await destination.close();
    const late = await destination.send(track);

    expect(calls).toEqual([]);
    expect(late).toMatchObject({ status: "failed", error: { code: "destination_closed" } });
  });
});
