import { describe, expect, it } from "vitest";
import { TrackmapError } from "../diagnostics/trackmapError";
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
      keepDeadMs: 30 * 86_400_000,
    };
    expect(settings(undefined)).toEqual(defaults);
    expect(settings(true)).toEqual(defaults);
    expect(settings(false)).toBeUndefined();
  });

  it("takes the store's tuning, field by field", () => {
    expect(settings({ poll_interval_ms: 100, lease_ms: 5000, keep_delivered_hours: 1 })).toMatchObject({
      pollIntervalMs: 100,
      leaseMs: 5000,
      keepDeliveredMs: 3_600_000,
      batchSize: 100,
    });
    expect(settings({ keep_dead_days: 7, batch_size: 10_000 })).toMatchObject({ keepDeadMs: 7 * 86_400_000, batchSize: 10_000 });
  });

  it("bounds batch_size: a process holds batch_size × concurrency calls, and PostgreSQL takes 65,535 parameters a statement", () => {
    expect(() => settings({ batch_size: 10_001 })).toThrow(
      new TrackmapError("TM_INVALID_OPTIONS", '@trackmap/medusa: option "outbox.batch_size" must be a whole number, from 1 to 10000'),
    );
    expect(() => settings({ batch_size: 0 })).toThrow('option "outbox.batch_size" must be a whole number, from 1 to 10000');
  });

  it("names a wrong field as outbox.<field>", () => {
    expect(() => settings({ poll_ms: 100 })).toThrow('@trackmap/medusa: option "outbox.poll_ms" is not an option; options are poll_interval_ms');
    expect(() => settings({ pollIntervalMs: 100 })).toThrow('(did you mean "outbox.poll_interval_ms"?)');
    expect(() => settings({ lease_ms: 10 })).toThrow('option "outbox.lease_ms" must be a whole number, at least 1000');
    expect(() => settings("yes")).toThrow('option "outbox" must be true, false or an object with poll_interval_ms');
  });
});
