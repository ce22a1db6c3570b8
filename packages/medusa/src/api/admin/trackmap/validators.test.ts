import { type MedusaNextFunction, type MedusaRequest, type MedusaResponse, validateAndTransformBody } from "@medusajs/framework/http";
import { describe, expect, it } from "vitest";
import { AdminTrackmapBackfillBody } from "./validators";

/** The body as the route gets it from Medusa's validateAndTransformBody (middlewares.ts), or the message of Medusa's 400. */
async function check(body: unknown): Promise<unknown> {
  const req = { body } as MedusaRequest;
  let failure: Error | undefined;
  const next: MedusaNextFunction = (error?: unknown) => {
    failure = error as Error | undefined;
  };
  await validateAndTransformBody(AdminTrackmapBackfillBody)(req, {} as MedusaResponse, next);
  return failure ? failure.message : req.validatedBody;
}

describe("the backfill route's body", () => {
  it("takes a start with its dates as full ISO timestamps, and the other actions alone", async () => {
    expect(
      await check({ action: "start", from: "2024-01-01", to: "2024-02-01T12:00:00+01:00", events: ["order.placed"], rate: 5, dry_run: true }),
    ).toEqual({
      action: "start",
      from: "2024-01-01T00:00:00.000Z",
      to: "2024-02-01T11:00:00.000Z",
      events: ["order.placed"],
      rate: 5,
      dry_run: true,
    });
    expect(await check({ action: "start", integrations: { All: false, "Amazon S3": true } })).toEqual({
      action: "start",
      integrations: { All: false, "Amazon S3": true },
    });
    expect(await Promise.all(["pause", "resume", "cancel"].map((action) => check({ action })))).toEqual([
      { action: "pause" },
      { action: "resume" },
      { action: "cancel" },
    ]);
  });

  it("refuses what cannot be run, saying why", async () => {
    const refused = await Promise.all(
      [
        {},
        { action: "go" },
        { action: "start", from: "yesterday" },
        { action: "start", from: "2024-02-01", to: "2024-01-01" },
        { action: "start", rate: -1 },
        { action: "start", rate: "5" },
        { action: "start", events: ["order.updated"] },
        { action: "start", events: [] },
        { action: "pause", from: "2024-01-01" },
      ].map(check),
    );

    expect(refused).toEqual([
      'Invalid request: action must be "start", "pause", "resume" or "cancel"',
      'Invalid request: action must be "start", "pause", "resume" or "cancel"',
      "Invalid request: from must be a date (ISO 8601), e.g. 2024-01-31",
      "Invalid request: from must be before to",
      "Invalid request: Value for field 'rate' too small, expected at least: '0'",
      "Invalid request: Expected type: 'number' for field 'rate', got: '5'",
      "Invalid request: events: a backfill replays customer.created, order.placed, shipment.created, order.return_received, order.claim_created, order.exchange_created, order.canceled; not order.updated",
      "Invalid request: Value for field 'events' too small, expected at least: '1'",
      "Invalid request: Unrecognized fields: 'from'",
    ]);
  });
});
