import { DROP, mapArrayShared, mapObjectShared } from "../shared/mapShared";

/** Keys that never leave the process, whatever the mapping says. */
export const DEFAULT_REDACTED_KEYS: readonly string[] = ["password", "password_hash"];

/** `password_hash`, `passwordHash` and `PasswordHash` are the same key for redaction. */
const normalizeKey = (key: string) => key.toLowerCase().replace(/[_-]/g, "");

/**
 * Builds a function that removes the given keys (and the defaults) at any depth. Parts without
 * such keys are returned as they are, not copied: calls are checked on every event.
 */
export function createRedactor(extraKeys: readonly string[] = []): <T>(value: T) => T {
  const keys = new Set([...DEFAULT_REDACTED_KEYS, ...extraKeys].map(normalizeKey));
  const verdicts = new Map<string, boolean>();
  const isRedacted = (key: string) => {
    let verdict = verdicts.get(key);
    if (verdict === undefined) verdicts.set(key, (verdict = keys.has(normalizeKey(key))));
    return verdict;
  };
  const redact = (value: unknown): unknown => {
    if (!value || typeof value !== "object") return value;
    if (Array.isArray(value)) return mapArrayShared(value, redact);
    return mapObjectShared(value as Record<string, unknown>, (item, key) => (isRedacted(key) ? DROP : redact(item)));
  };
  return redact as <T>(value: T) => T;
}

type Redactor = ReturnType<typeof createRedactor>;
const redactors = new WeakMap<readonly string[], Redactor>();
const defaultRedactor = createRedactor();

/**
 * The redactor for a list of keys, built once per list: calls are redacted on every event,
 * and a redactor remembers which key names it has judged.
 */
export function redactorFor(extraKeys?: readonly string[]): Redactor {
  if (!extraKeys) return defaultRedactor;
  let redactor = redactors.get(extraKeys);
  if (!redactor) redactors.set(extraKeys, (redactor = createRedactor(extraKeys)));
  return redactor;
}
