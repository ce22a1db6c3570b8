import { DROP, mapArrayShared, mapObjectShared } from "../shared/mapShared";

/**
 * Keys that never leave the process, whatever the mapping says: credentials and payment card
 * data that commerce entities carry (Medusa: `password_hash` of v1 customers and users,
 * `api_token` of v1 users, `token` and `salt` of API keys, `token` of invites and password
 * resets, `token_hash` / `code_hash` / recovery codes of auth identities, `client_secret` in
 * payment sessions' `data`). `*` stands for any text; keys match whatever their case, and
 * `_`, `-`, `.` and spaces are ignored (`*api_key*` matches `x-api-key` and `ApiKey`).
 */
export const DEFAULT_REDACTED_KEYS: readonly string[] = Object.freeze([
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

/** `password_hash`, `passwordHash` and `Password-Hash` are the same key for redaction. */
const normalizeKey = (key: string) => key.toLowerCase().replace(/[_\-. ]/g, "");

/**
 * Tells whether a key is redacted by the defaults or by the given patterns (same syntax:
 * a plain name matches that name only, `*` any text). Verdicts are remembered per key name:
 * keys are tested on every call of every event.
 */
function createKeyMatcher(extraKeys: readonly string[] = []): (key: string) => boolean {
  const exact = new Set<string>();
  const wildcards: RegExp[] = [];
  for (const pattern of [...DEFAULT_REDACTED_KEYS, ...extraKeys].map(normalizeKey)) {
    if (!pattern.includes("*")) exact.add(pattern);
    else wildcards.push(new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`));
  }
  const verdicts = new Map<string, boolean>();
  return (key) => {
    let verdict = verdicts.get(key);
    if (verdict === undefined) {
      const normalized = normalizeKey(key);
      verdict = exact.has(normalized) || wildcards.some((pattern) => pattern.test(normalized));
      // Keys come from data (metadata may hold thousands of names): the memory stays bounded.
      if (verdicts.size >= MAX_REMEMBERED_KEYS) verdicts.clear();
      verdicts.set(key, verdict);
    }
    return verdict;
  };
}

const MAX_REMEMBERED_KEYS = 10_000;

/**
 * Builds a function that removes the keys the defaults and the given patterns match, at any
 * depth. Parts without such keys are returned as they are, not copied: calls are checked on
 * every event.
 */
export function createRedactor(extraKeys: readonly string[] = []): <T>(value: T) => T {
  return redactorWith(createKeyMatcher(extraKeys));
}

function redactorWith(isRedacted: (key: string) => boolean): <T>(value: T) => T {
  const redact = (value: unknown): unknown => {
    if (!value || typeof value !== "object") return value;
    if (Array.isArray(value)) return mapArrayShared(value, redact);
    return mapObjectShared(value as Record<string, unknown>, (item, key) => (isRedacted(key) ? DROP : redact(item)));
  };
  return redact as <T>(value: T) => T;
}

type Redactor = ReturnType<typeof createRedactor>;
const matchers = new WeakMap<readonly string[], (key: string) => boolean>();
const defaultMatcher = createKeyMatcher();
const redactors = new WeakMap<readonly string[], Redactor>();
const defaultRedactor = redactorWith(defaultMatcher);

function matcherFor(extraKeys?: readonly string[]): (key: string) => boolean {
  if (!extraKeys) return defaultMatcher;
  let matcher = matchers.get(extraKeys);
  if (!matcher) {
    matcher = createKeyMatcher(extraKeys);
    matchers.set(extraKeys, matcher);
  }
  return matcher;
}

/** Whether a key would be removed from calls, by the defaults or by the host's `redact` list. */
export function isRedactedKey(key: string, extraKeys?: readonly string[]): boolean {
  return matcherFor(extraKeys)(key);
}

/**
 * The redactor for a list of keys, built once per list: calls are redacted on every event,
 * and a redactor remembers which key names it has judged.
 */
export function redactorFor(extraKeys?: readonly string[]): Redactor {
  if (!extraKeys) return defaultRedactor;
  let redactor = redactors.get(extraKeys);
  if (!redactor) {
    redactor = redactorWith(matcherFor(extraKeys));
    redactors.set(extraKeys, redactor);
  }
  return redactor;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
