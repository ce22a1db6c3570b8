import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BACKFILL_EVENTS } from "./backfillEvents";

describe("BACKFILL_EVENTS", () => {
  it("names exactly the events the v2 source replays, so the admin offers each and no other", () => {
    // The source builds its events from Query rows; its event names are the literals it writes.
    const source = readFileSync(join(__dirname, "medusaBackfillSource.ts"), "utf8");
    const replayed = new Set([...source.matchAll(/name: "([a-z_.]+)"/g)].map(([, name]) => name));

    expect([...replayed].sort()).toEqual([...BACKFILL_EVENTS].sort());
  });
});
