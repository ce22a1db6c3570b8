import { describe, expect, it } from "vitest";
import { resolveOptions } from "./options";

describe("plugin options", () => {
  it("takes the options a store writes in medusa-config, with Medusa's own additions", () => {
    expect(
      resolveOptions({
        write_key: " wk_live ",
        mappings: "./segment-mappings",
        disable: ["customer.updated"],
        redact: ["internal_note"],
        host: "http://127.0.0.1:4000",
        flush_at: 1,
        flush_interval: 0,
        max_retries: 3,
        database: { clientUrl: "postgres://..." },
      }),
    ).toEqual({
      writeKey: "wk_live",
      mappings: ["./segment-mappings"],
      disable: ["customer.updated"],
      redact: ["internal_note"],
      host: "http://127.0.0.1:4000",
      flushAt: 1,
      flushInterval: 0,
      maxRetries: 3,
      requestTimeoutMs: undefined,
      // On by default with a write key, with the core's defaults (see host/outboxSettings.test.ts).
      outbox: expect.objectContaining({ pollIntervalMs: 1000, leaseMs: 120_000 }),
      limits: { timeoutMs: undefined, maxDepth: undefined },
      // Events are mapped in worker processes, each within a second (see host/evaluationSettings.test.ts).
      evaluation: expect.objectContaining({ budgetMs: 1000, heapMb: 256 }),
      reporting: undefined,
    });
  });

  it("turns the outbox on with a write key, and lets a store tune it or turn it off", () => {
    expect(resolveOptions({ write_key: "wk", outbox: { poll_interval_ms: 100, lease_ms: 5000 } }).outbox).toMatchObject({
      pollIntervalMs: 100,
      leaseMs: 5000,
      batchSize: 100,
    });
    expect(resolveOptions({ write_key: "wk", outbox: false }).outbox).toBeUndefined();
    // A dry run logs calls: nothing to keep.
    expect(resolveOptions({}).outbox).toBeUndefined();
    expect(() => resolveOptions({ write_key: "wk", outbox: { poll_ms: 100 } })).toThrow('@trackmap/medusa: option "outbox.poll_ms" is not an option');
  });

  it("gives mappings a reporting currency and its rates, as $reporting", () => {
    expect(resolveOptions({ reporting_currency: "eur", exchange_rates: { usd: 0.92, JPY: 0.0062 } }).reporting).toEqual({
      currency: "EUR",
      rates: { USD: 0.92, JPY: 0.0062 },
    });
    expect(() => resolveOptions({ reporting_currency: "euro" })).toThrow('option "reporting_currency" must be a 3-letter currency code');
    expect(() => resolveOptions({ exchange_rates: { USD: "0.92" } })).toThrow('option "exchange_rates" must map currency codes');
  });

  it("runs dry without a write key", () => {
    expect(resolveOptions({ write_key: undefined }).writeKey).toBeUndefined();
    expect(resolveOptions({ write_key: "" }).writeKey).toBeUndefined();
    expect(resolveOptions(undefined).mappings).toEqual([]);
  });

  it("names the wrong option, and never shows the write key", () => {
    expect(() => resolveOptions({ writeKey: "wk_secret" })).toThrow(
      '@trackmap/medusa: option "writeKey" is not an option (did you mean "write_key"?)',
    );
    expect(() => resolveOptions({ write_key: 12345 })).toThrow('option "write_key" must be text');
    expect(() => resolveOptions({ flush_at: 0 })).toThrow('option "flush_at" must be a whole number, at least 1');
    expect(() => resolveOptions({ mappings: [""] })).toThrow('option "mappings" must be a list of non-empty strings');
    try {
      resolveOptions({ write_key: "wk_secret", flushAt: 1 });
    } catch (error) {
      expect((error as Error).message).not.toContain("wk_secret");
      expect((error as { code?: string }).code).toBe("TM_INVALID_OPTIONS");
    }
  });
});
