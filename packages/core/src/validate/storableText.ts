import { mapArrayShared, mapObjectShared } from "../shared/mapShared";

/** U+0000, or half of a UTF-16 surrogate pair without its other half (what a string cut in the wrong place leaves). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is one of the characters this finds.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, "g");

/** What each unstorable character becomes: Unicode's replacement character, so that the loss shows. */
const REPLACEMENT_CHARACTER = "\ufffd";

/**
 * The value with U+0000 and lone surrogates replaced by U+FFFD in every string, keys included.
 * PostgreSQL's jsonb (the outbox's table) cannot hold them: such a call could not be stored,
 * and would go out without the outbox's guarantees, or not be kept at all when invalid. Done
 * once, before a call is checked, so that what is sent is what is stored. Parts without such
 * characters are returned as they are, not copied.
 */
export function withStorableText<T>(value: T): T {
  try {
    return clean(value, new Set()) as T;
  } catch (error) {
    // Nesting too deep to walk: left as it is, for validation to reject.
    if (error instanceof RangeError) return value;
    throw error;
  }
}

function clean(value: unknown, ancestors: Set<object>): unknown {
  if (typeof value === "string") return UNSTORABLE.test(value) ? value.replace(UNSTORABLE_ALL, REPLACEMENT_CHARACTER) : value;
  // A cycle is left as it is, for validation to reject.
  if (!value || typeof value !== "object" || ancestors.has(value)) return value;
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return mapArrayShared(value, (item) => clean(item, ancestors));
    const object = value as Record<string, unknown>;
    if (!Object.keys(object).some((key) => UNSTORABLE.test(key))) return mapObjectShared(object, (item) => clean(item, ancestors));
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(object)) copy[clean(key, ancestors) as string] = clean(item, ancestors);
    return copy;
  } finally {
    ancestors.delete(value);
  }
}
