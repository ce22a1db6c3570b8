import jsonata from "jsonata";
import { describe, expect, it } from "vitest";
import { BUILTIN_FUNCTIONS, compact, currency, currencyDigits, hash, iso, jsonSize, money, omit, pick, truncate } from "./functions";

describe("$money", () => {
  it("rounds to the currency's digits without float noise", () => {
    expect(money(59.33884297520661)).toBe(59.34);
    expect(money(59.33884297520661, "EUR")).toBe(59.34);
    expect(money(0.1 + 0.2, "usd")).toBe(0.3);
  });

  it("rounds half away from zero, as written in decimal", () => {
    expect(money(1.005)).toBe(1.01);
    expect(money(2.675)).toBe(2.68);
    expect(money(-1.005)).toBe(-1.01);
    expect(money(-0.001)).toBe(0);
    expect(Object.is(money(-0.001), -0)).toBe(false);
  });

  it("keeps currencies without minor units whole, and uses three digits where they have them", () => {
    expect(money(1234.5, "JPY")).toBe(1235);
    expect(Number.isInteger(money(999.4999, "JPY"))).toBe(true);
    expect(money(1.0005, "KWD")).toBe(1.001);
  });

  it("reads numeric text and Medusa's raw amounts", () => {
    expect(money("19.999")).toBe(20);
    expect(money({ value: "12.5", precision: 20 })).toBe(12.5);
  });

  it("gives nothing for nothing, or for what is not an amount", () => {
    expect(money(null)).toBeUndefined();
    expect(money(undefined)).toBeUndefined();
    expect(money("")).toBeUndefined();
    expect(money("twelve")).toBeUndefined();
    expect(money(Number.NaN)).toBeUndefined();
    expect(money({ amount: 1 })).toBeUndefined();
  });

  it("leaves amounts too large to have cents as they are", () => {
    expect(money(1e21)).toBe(1e21);
    expect(money(2 ** 53 + 2, "JPY")).toBe(2 ** 53 + 2);
  });
});

describe("currencyDigits", () => {
  it("knows ISO 4217 minor units, and says 2 for anything else", () => {
    expect([currencyDigits("EUR"), currencyDigits("jpy"), currencyDigits("BHD")]).toEqual([2, 0, 3]);
    expect([currencyDigits("XYZ1"), currencyDigits(undefined), currencyDigits(12)]).toEqual([2, 2, 2]);
  });
});

describe("$currency", () => {
  it("gives the code in upper case, or nothing", () => {
    expect(currency(" eur ")).toBe("EUR");
    expect(currency("")).toBeUndefined();
    expect(currency(978)).toBeUndefined();
  });
});

describe("$hash", () => {
  it("is a stable 32-digit hex digest where key order does not matter", () => {
    const digest = hash({ order: "order_1", items: [1, 2] }, "track");

    expect(digest).toMatch(/^[0-9a-f]{32}$/);
    expect(hash({ items: [1, 2], order: "order_1" }, "track")).toBe(digest);
    expect(hash({ order: "order_1", items: [2, 1] }, "track")).not.toBe(digest);
    expect(hash("a", "b")).not.toBe(hash("ab"));
  });
});

describe("$iso", () => {
  it("gives an ISO-8601 string from text, a Date or epoch milliseconds", () => {
    expect(iso("2024-05-01T12:00:00+02:00")).toBe("2024-05-01T10:00:00.000Z");
    expect(iso(new Date(Date.UTC(2024, 0, 2)))).toBe("2024-01-02T00:00:00.000Z");
    expect(iso(0)).toBe("1970-01-01T00:00:00.000Z");
  });

  it("gives nothing for nothing or an invalid date", () => {
    expect([iso(null), iso(""), iso("yesterday")]).toEqual([undefined, undefined, undefined]);
  });

  it('reads only ISO 8601 text of real dates, as a call\'s timestamp does: "1", "May 5" and February 30th give nothing', () => {
    expect([iso("1"), iso("May 5"), iso("2024-02-30"), iso("2024-05-01T10:00:00")]).toEqual([undefined, undefined, undefined, undefined]);
    expect(iso("2024-02-29")).toBe("2024-02-29T00:00:00.000Z");
  });
});

describe("$compact, $omit, $pick", () => {
  const customer = { id: "cus_1", email: "", phone: null, tags: [], orders: 0, vip: false };

  it("$compact drops null, empty text and empty lists, and keeps 0 and false", () => {
    expect(compact(customer)).toEqual({ id: "cus_1", orders: 0, vip: false });
  });

  it("$omit drops the given keys (one or a list)", () => {
    expect(omit(customer, ["email", "phone", "tags"])).toEqual({ id: "cus_1", orders: 0, vip: false });
    expect(omit({ a: 1, b: 2 }, "a")).toEqual({ b: 2 });
  });

  it("$pick keeps only the given keys that exist, in the order given", () => {
    expect(pick(customer, ["vip", "id", "missing"])).toEqual({ vip: false, id: "cus_1" });
  });

  it("return anything but a map unchanged", () => {
    expect([compact("x"), omit([1], "0"), pick(null, "a")]).toEqual(["x", [1], null]);
  });
});

describe("$truncate", () => {
  it("keeps at most the given number of characters", () => {
    expect(truncate("Organic cotton T-shirt", 7)).toBe("Organic");
    expect(truncate("Mug", 10)).toBe("Mug");
    expect(truncate("Mug", -1)).toBe("");
  });

  it("never cuts an emoji in half", () => {
    expect(truncate("Gift 🎁🎁", 6)).toBe("Gift 🎁");
    expect(truncate("🎁🎁", 1)).toBe("🎁");
  });

  it("returns anything but text unchanged", () => {
    expect(truncate(12345, 2)).toBe(12345);
    expect(truncate("abc", "2")).toBe("abc");
  });
});

describe("the built-ins in expressions", () => {
  it("are bound as $name in every evaluation", async () => {
    const expression = jsonata(
      '{ "total": $money(order.total, order.currency), "currency": $currency(order.currency), "name": $truncate(order.name, 3) }',
    );

    const result = await expression.evaluate({ order: { total: 10.005, currency: "eur", name: "Order" } }, BUILTIN_FUNCTIONS);

    expect(result).toEqual({ total: 10.01, currency: "EUR", name: "Ord" });
  });
});

describe("$jsonSize", () => {
  it("counts the bytes of a value as JSON, so mappings can keep a call under 32 KB", () => {
    expect(jsonSize({ a: "é" })).toBe(10);
    expect(jsonSize([1, 2, 3])).toBe(7);
    expect(jsonSize(undefined)).toBe(0);
  });
});
