import { describe, expect, it } from "vitest";
import { OptionReader } from "./optionReader";
import { readOutboxSettings } from "./outboxSettings";

const settings = (outbox: unknown) => readOutboxSettings(new OptionReader("@trackmap/medusa", { outbox }));

describe("readOutboxSettings: a host's `outbox` option", () => {
  it("is on with the defaults when absent or true, off when false", () => {
    const defaults = {
      pollIntervalMs: 1000,
      baseBackoffMs: 1000,
      maxBackoffMs: 300_000,
      leaseMs: 120_000,
      batchSize: 100,
      concurrency: 4,
      reportIntervalMs: 60_000,
      keepDeliveredMs: 168 * 3_600_000,
    };
    expect(settings(undefined)).toEqual(defaults);
    expect(settings(true)).toEqual(defaults);
    expect(settings(false)).toBeUndefined();
  });

  it("takes the store's tuning, field by field", () => {
    expect(settings({ poll_interval_ms: 100, lease_ms: 5000, keep_delivered_hours: 1 })).toMatchObject({ pollIntervalMs: 100, leaseMs: 5000, keepDeliveredMs: 3_600_000, batchSize: 100 });
  });

  it("names a wrong field as outbox.<field>", () => {
    expect(() => settings({ poll_ms: 100 })).toThrow('@trackmap/medusa: option "outbox.poll_ms" is not an option; options are poll_interval_ms');
    expect(() => settings({ pollIntervalMs: 100 })).toThrow('(did you mean "outbox.poll_interval_ms"?)');
    expect(() => settings({ lease_ms: 10 })).toThrow('option "outbox.lease_ms" must be a whole number, at least 1000');
    expect(() => settings("yes")).toThrow('option "outbox" must be true, false or an object with poll_interval_ms');
  });
});
