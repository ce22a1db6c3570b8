import { describe, expect, it } from "vitest";
import { createRedactor, DEFAULT_REDACTED_KEYS, isRedactedKey } from "./redact";

describe("createRedactor", () => {
  it("removes passwords whatever the spelling of the key, at any depth", () => {
    const redact = createRedactor();

    expect(
      redact({
        password: "hunter2",
        customer: { PasswordHash: "x", "password-hash": "y", email: "a@example.com" },
        logins: [{ password_hash: "z", at: 1 }],
      }),
    ).toEqual({ customer: { email: "a@example.com" }, logins: [{ at: 1 }] });
  });

  it("removes the credentials and card data Medusa's entities carry, by default", () => {
    const redact = createRedactor();

    expect(
      redact({
        user: { id: "user_1", api_token: "tok", hashed_password: "h", email: "admin@example.com" },
        key: { id: "apk_1", token: "sk_live", salt: "s", redacted: "sk_***123", title: "ERP" },
        auth_identity: { token_hash: "t", code_hash: "c", mfa_recovery_codes: ["r"], app_metadata: { customer_id: "cus_1" } },
        payment_session: { id: "payses_1", amount: 10, data: { id: "pi_1", client_secret: "pi_1_secret_x" } },
        card: { cardNumber: "4242424242424242", CVC: "123", cvv2: "123", security_code: "123", brand: "visa", last4: "4242" },
        headers: { Authorization: "Bearer x", Cookie: "sid=1", "x-api-key": "k", "user-agent": "curl" },
      }),
    ).toEqual({
      user: { id: "user_1", email: "admin@example.com" },
      key: { id: "apk_1", redacted: "sk_***123", title: "ERP" },
      auth_identity: { app_metadata: { customer_id: "cus_1" } },
      payment_session: { id: "payses_1", amount: 10, data: { id: "pi_1" } },
      card: { brand: "visa", last4: "4242" },
      headers: { "user-agent": "curl" },
    });
  });

  it("keeps the keys commerce calls are made of", () => {
    const commerce = {
      order_id: "order_1",
      checkout_id: "cart_1",
      idempotency_key: "k",
      is_giftcard: false,
      gift_card_total: 0,
      authorized_amount: 10,
      payment_authorized_at: "2024-05-01T10:00:00.000Z",
      coupon: "WELCOME10",
      products: [{ sku: "S-1", price: 10, quantity: 1 }],
    };

    expect(createRedactor()(commerce)).toBe(commerce);
  });

  it("removes the configured keys too, with the same patterns, and leaves the input untouched", () => {
    const redact = createRedactor(["phone", "ip_address", "internal_*"]);
    const input = { phone: "+33", context: { ipAddress: "10.0.0.1", locale: "fr" }, internalNote: "vip", tags: ["phone"] };

    expect(redact(input)).toEqual({ context: { locale: "fr" }, tags: ["phone"] });
    expect(input.context).toEqual({ ipAddress: "10.0.0.1", locale: "fr" });
  });

  it("returns values that are not maps as they are", () => {
    const redact = createRedactor();

    expect([redact("password"), redact(3), redact(null)]).toEqual(["password", 3, null]);
  });
});

describe("DEFAULT_REDACTED_KEYS and isRedactedKey", () => {
  it("lists the default patterns: * is any text, and case, _, -, . and spaces do not matter", () => {
    expect(DEFAULT_REDACTED_KEYS).toEqual([
      "*password*",
      "*passwd*",
      "*secret*",
      "*token*",
      "*api_key*",
      "*private_key*",
      "*write_key*",
      "*hash",
      "salt",
      "*recovery_code*",
      "authorization",
      "*cookie*",
      "*card_number*",
      "*cvc*",
      "*cvv*",
      "*security_code*",
    ]);
    expect(["new_password", "client_secret", "refresh-token", "Api Key", "writeKey", "SALT"].map((key) => isRedactedKey(key))).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(["salted", "hashtag", "order_id", "card_brand", "author"].map((key) => isRedactedKey(key))).toEqual([false, false, false, false, false]);
  });

  it("tests a key against the defaults plus a host's redact list", () => {
    expect(isRedactedKey("phone")).toBe(false);
    expect(isRedactedKey("Phone", ["phone"])).toBe(true);
    expect(isRedactedKey("shipping_phone", ["*phone"])).toBe(true);
  });
});
