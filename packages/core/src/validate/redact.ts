/** Keys that never leave the process, whatever the mapping says. */
export const DEFAULT_REDACTED_KEYS: readonly string[] = ["password", "password_hash"];

/** `password_hash`, `passwordHash` and `PasswordHash` are the same key for redaction. */
const normalizeKey = (key: string) => key.toLowerCase().replace(/[_-]/g, "");

/** Builds a function that removes the given keys (and the defaults) at any depth. */
export function createRedactor(extraKeys: readonly string[] = []): <T>(value: T) => T {
  const keys = new Set([...DEFAULT_REDACTED_KEYS, ...extraKeys].map(normalizeKey));
  const redact = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(redact);
    if (!value || typeof value !== "object") return value;
    const kept: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (!keys.has(normalizeKey(key))) kept[key] = redact(item);
    }
    return kept;
  };
  return redact as <T>(value: T) => T;
}
