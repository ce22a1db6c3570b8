import { TrackmapError } from "../diagnostics/trackmapError";

/** What mappings see as `$reporting`: a reporting currency and the rates into it. */
export interface ReportingOptions {
  currency: string;
  /** Units of `currency` per unit of each currency, keyed by upper-case code. */
  rates: Record<string, number>;
}

const CURRENCY_CODE = /^[A-Za-z]{3}$/;

/**
 * Checks a host's options (a Medusa plugin's `options` in medusa-config) field by field, and
 * names the wrong one in a `TM_INVALID_OPTIONS` error: `@trackmap/medusa: option "flush_at" must
 * be a whole number, at least 1`. The write key is never put in a message.
 */
export class OptionReader {
  private readonly options: Record<string, unknown>;

  /**
   * @param owner who the options are for, e.g. "@trackmap/medusa"
   * @param prefix before each option's name in messages, for nested options, e.g. "outbox."
   */
  constructor(
    private readonly owner: string,
    raw: unknown,
    private readonly prefix = "",
  ) {
    if (raw !== undefined && raw !== null && (typeof raw !== "object" || Array.isArray(raw))) {
      this.fail(prefix ? prefix.slice(0, -1) : "options", "must be an object");
    }
    this.options = (raw ?? {}) as Record<string, unknown>;
  }

  /** Every key must be one of `known` (or `tolerated`, e.g. what the host adds by itself); a camelCase slip gets a hint. */
  onlyKnown(known: readonly string[], tolerated: readonly string[] = []): this {
    for (const key of Object.keys(this.options)) {
      if (known.includes(key) || tolerated.includes(key)) continue;
      const meant = known.find((k) => k.replace(/_(.)/g, (_, c: string) => c.toUpperCase()) === key);
      this.fail(key, `is not an option${meant ? ` (did you mean "${this.prefix}${meant}"?)` : ""}; options are ${known.join(", ")}`);
    }
    return this;
  }

  raw(key: string): unknown {
    return this.options[key];
  }

  /** A reader for an option that is itself an object, naming its fields `key.field` in messages. */
  nested(key: string, value: unknown): OptionReader {
    return new OptionReader(this.owner, value, `${this.prefix}${key}.`);
  }

  /** A Segment write key: text, trimmed; undefined when absent or empty (a dry run). */
  writeKey(key = "write_key"): string | undefined {
    const value = this.options[key];
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value !== "string") this.fail(key, "must be text (your Segment source's write key)");
    return value.trim() || undefined;
  }

  /** A list of non-empty strings; one string is a list of one. */
  stringList(key: string): string[] {
    const value = this.options[key];
    if (value === undefined || value === null) return [];
    const list = typeof value === "string" ? [value] : value;
    if (!Array.isArray(list) || list.some((item) => typeof item !== "string" || !item)) {
      this.fail(key, "must be a list of non-empty strings");
    }
    return list as string[];
  }

  optionalString(key: string): string | undefined {
    const value = this.options[key];
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value !== "string") this.fail(key, "must be text");
    return value;
  }

  /** A whole number of at least `minimum` (and at most `maximum`, if given), or undefined when absent. */
  count(key: string, minimum: number, maximum = Infinity): number | undefined {
    const value = this.options[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value) || value < minimum || value > maximum) {
      this.fail(key, `must be a whole number, ${maximum === Infinity ? `at least ${minimum}` : `from ${minimum} to ${maximum}`}`);
    }
    return value;
  }

  flag(key: string): boolean {
    const value = this.options[key];
    if (value === undefined || value === null) return false;
    if (typeof value !== "boolean") this.fail(key, "must be true or false");
    return value;
  }

  /**
   * A reporting currency and exchange rates from configuration (never from the network).
   * Undefined when no currency is set and there is no default.
   */
  reporting(currencyKey: string, ratesKey: string, defaultCurrency: string): ReportingOptions;
  reporting(currencyKey: string, ratesKey: string): ReportingOptions | undefined;
  reporting(currencyKey: string, ratesKey: string, defaultCurrency?: string): ReportingOptions | undefined {
    const rates = this.options[ratesKey] ?? {};
    const valid =
      typeof rates === "object" &&
      !Array.isArray(rates) &&
      Object.entries(rates as object).every(
        ([code, rate]) => CURRENCY_CODE.test(code) && typeof rate === "number" && rate > 0 && Number.isFinite(rate),
      );
    if (!valid) this.fail(ratesKey, 'must map currency codes to positive numbers, e.g. { "USD": 0.92 }');
    const currency = this.optionalString(currencyKey) ?? defaultCurrency;
    if (!currency) return undefined;
    if (!CURRENCY_CODE.test(currency)) this.fail(currencyKey, "must be a 3-letter currency code, e.g. EUR");
    const upper = Object.fromEntries(Object.entries(rates as Record<string, number>).map(([code, rate]) => [code.toUpperCase(), rate]));
    return { currency: currency.toUpperCase(), rates: upper };
  }

  fail(key: string, problem: string): never {
    throw new TrackmapError("TM_INVALID_OPTIONS", `${this.owner}: option "${this.prefix}${key}" ${problem}`);
  }
}
