import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TRACKABLE_EVENTS } from "./trackedEvents";

const SUBSCRIBERS = join(__dirname, "..", "subscribers");

describe("TRACKABLE_EVENTS", () => {
  it("has exactly one subscriber file per event, named after it", () => {
    const files = readdirSync(SUBSCRIBERS)
      .filter((file) => file.endsWith(".ts"))
      .sort();
    expect(files).toEqual(TRACKABLE_EVENTS.map((event) => `${event.replace(/[._]/g, "-")}.ts`).sort());
    for (const event of TRACKABLE_EVENTS) {
      const source = readFileSync(join(SUBSCRIBERS, `${event.replace(/[._]/g, "-")}.ts`), "utf8");
      expect(source).toContain(`subscriberFor("${event}")`);
    }
  });
});
