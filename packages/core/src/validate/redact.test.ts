import { describe, expect, it } from "vitest";
import { createRedactor, DEFAULT_REDACTED_KEYS } from "./redact";

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
    expect(DEFAULT_REDACTED_KEYS).toEqual(["password", "password_hash"]);
  });

  it("removes the configured keys too, and leaves the input untouched", () => {
    const redact = createRedactor(["phone", "ip_address"]);
    const input = { phone: "+33", context: { ipAddress: "10.0.0.1", locale: "fr" }, tags: ["phone"] };

    expect(redact(input)).toEqual({ context: { locale: "fr" }, tags: ["phone"] });
    expect(input.context).toEqual({ ipAddress: "10.0.0.1", locale: "fr" });
  });

  it("returns values that are not maps as they are", () => {
    const redact = createRedactor();

    expect([redact("password"), redact(3), redact(null)]).toEqual(["password", 3, null]);
  });
});
