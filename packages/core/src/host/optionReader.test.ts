import { describe, expect, it } from "vitest";
import { OptionReader } from "./optionReader";

describe("OptionReader: a host's options, checked field by field", () => {
  const read = (raw: unknown, prefix?: string) => new OptionReader("@trackmap/medusa", raw, prefix);

  it("reads each kind of option, with defaults for what is absent", () => {
    const options = read({ write_key: " wk ", mappings: "./segment-mappings", flush_at: 5, use_ga_id: true, host: "" });

    expect(options.writeKey()).toBe("wk");
    expect(options.stringList("mappings")).toEqual(["./segment-mappings"]);
    expect(options.stringList("disable")).toEqual([]);
    expect(options.count("flush_at", 1)).toBe(5);
    expect(options.count("max_retries", 0)).toBeUndefined();
    expect(options.flag("use_ga_id")).toBe(true);
    expect(options.flag("spec_amounts")).toBe(false);
    expect(options.optionalString("host")).toBeUndefined();
  });

  it("names the wrong option, and never shows the write key", () => {
    expect(() => read({ flush_at: 0 }).count("flush_at", 1)).toThrow('@trackmap/medusa: option "flush_at" must be a whole number, at least 1');
    expect(() => read({ disable: ["a", ""] }).stringList("disable")).toThrow('option "disable" must be a list of non-empty strings');
    expect(() => read({ use_ga_id: "yes" }).flag("use_ga_id")).toThrow('option "use_ga_id" must be true or false');
    expect(() => read({ write_key: 42 }).writeKey()).toThrow(/option "write_key" must be text/);
    expect(() => read("wk_secret")).toThrow('@trackmap/medusa: option "options" must be an object');
    expect(() => read({ lease_ms: 10 }, "outbox.").count("lease_ms", 1000)).toThrow('option "outbox.lease_ms" must be a whole number, at least 1000');
  });

  it("refuses unknown keys, with a hint for camelCase, and lets the host's own keys through", () => {
    const known = ["write_key", "flush_at"];
    expect(() => read({ writeKey: "wk" }).onlyKnown(known)).toThrow(
      'option "writeKey" is not an option (did you mean "write_key"?); options are write_key, flush_at',
    );
    expect(() => read({ database: {} }).onlyKnown(known, ["database"])).not.toThrow();
  });

  it("reads a reporting currency and rates from configuration, upper-cased", () => {
    expect(read({ reporting_currency: "eur", exchange_rates: { usd: 0.92 } }).reporting("reporting_currency", "exchange_rates")).toEqual({
      currency: "EUR",
      rates: { USD: 0.92 },
    });
    expect(read({}).reporting("reporting_currency", "exchange_rates")).toBeUndefined();
    expect(read({}).reporting("reporting_currency", "exchange_rates", "EUR")).toEqual({ currency: "EUR", rates: {} });
    expect(() => read({ reporting_currency: "euro" }).reporting("reporting_currency", "exchange_rates")).toThrow("must be a 3-letter currency code");
    expect(() => read({ exchange_rates: { USD: "0.92" } }).reporting("reporting_currency", "exchange_rates")).toThrow(
      'option "exchange_rates" must map currency codes',
    );
  });
});
