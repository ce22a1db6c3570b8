import { describe, expect, it } from "vitest";
import { resolveOptions } from "./options";

describe("resolveOptions", () => {
  it("takes medusa-plugin-segment's configuration as it was", () => {
    const options = resolveOptions({ write_key: " wk_123 ", use_ga_id: true, reporting_currency: "usd" });
    expect(options).toMatchObject({
      writeKey: "wk_123",
      plugin: { use_ga_id: true, spec_amounts: false },
      reporting: { currency: "USD", rates: {} },
      ignored: [],
    });
  });

  it("reports in EUR by default, as medusa-plugin-segment did, with rates from the options only", () => {
    const options = resolveOptions({ exchange_rates: { usd: 0.92, JPY: 0.0062 } });
    expect(options.reporting).toEqual({ currency: "EUR", rates: { USD: 0.92, JPY: 0.0062 } });
    expect(options.writeKey).toBeUndefined();
  });

  it("accepts 1.3.8's exchange_rates_api_key so old configurations start, and says it is ignored", () => {
    expect(resolveOptions({ exchange_rates_api_key: "abc" }).ignored).toEqual(["exchange_rates_api_key"]);
  });

  it("takes trackmap's own options", () => {
    const options = resolveOptions({
      mappings: "./segment-mappings",
      disable: ["order.canceled"],
      redact: ["note"],
      host: "http://127.0.0.1:1",
      flush_at: 1,
      flush_interval: 0,
      max_retries: 2,
      timeout_ms: 50,
      max_depth: 100,
      spec_amounts: true,
    });
    expect(options).toMatchObject({
      mappings: ["./segment-mappings"],
      disable: ["order.canceled"],
      redact: ["note"],
      host: "http://127.0.0.1:1",
      flushAt: 1,
      flushInterval: 0,
      maxRetries: 2,
      limits: { timeoutMs: 50, maxDepth: 100 },
      plugin: { spec_amounts: true },
    });
  });

  it.each([
    [{ writeKey: "x" }, /option "writeKey" is not an option \(did you mean "write_key"\?\)/],
    [{ use_ga_id: "yes" }, /option "use_ga_id" must be true or false/],
    [{ reporting_currency: "euro" }, /option "reporting_currency" must be a 3-letter currency code/],
    [{ exchange_rates: { USD: -1 } }, /option "exchange_rates" must map currency codes to positive numbers/],
    [{ flush_at: 0 }, /option "flush_at" must be a whole number, at least 1/],
    [{ write_key: 42 }, /option "write_key" must be text/],
  ])("names the wrong option: %j", (raw, message) => {
    expect(() => resolveOptions(raw)).toThrow(message);
    try {
      resolveOptions(raw);
    } catch (error) {
      expect((error as { code: string }).code).toBe("TM_INVALID_OPTIONS");
    }
  });

  it("never puts the write key in a message", () => {
    expect(() => resolveOptions({ write_key: "wk_secret", flush_at: -1 })).toThrow(/^(?!.*wk_secret)/s);
  });

  it("keeps calls in the durable outbox when a write key is set, unless told not to", () => {
    expect(resolveOptions({ write_key: "wk" }).outbox).toMatchObject({ pollIntervalMs: 1000, leaseMs: 120_000 });
    expect(resolveOptions({ write_key: "wk", outbox: { poll_interval_ms: 100 } }).outbox).toMatchObject({ pollIntervalMs: 100 });
    expect(resolveOptions({ write_key: "wk", outbox: false }).outbox).toBeUndefined();
    expect(resolveOptions({}).outbox).toBeUndefined();
    expect(() => resolveOptions({ write_key: "wk", outbox: { lease: 1 } })).toThrow('@trackmap/medusa-v1: option "outbox.lease" is not an option');
  });
});
