/** At most this many ids, each at most this long: a log line, not a dump. */
const MAX_IDS = 10;
const MAX_ID_LENGTH = 100;

/**
 * An event's data for a log line: its ids only (`id`, `*_id`, `*Id`), as JSON, e.g.
 * `{"id":"order_1"}`. Whole entities (customer.created) hold personal data and secrets
 * (a password_hash), and may be circular or hold BigInts, which JSON.stringify throws on.
 * Safe on any input: it never throws, and gives "" when there is no id to show.
 */
export function describeEventData(data: unknown): string {
  try {
    if (!data || typeof data !== "object") return "";
    const ids: Record<string, string | number> = {};
    let count = 0;
    for (const key of Object.keys(data)) {
      if (count >= MAX_IDS) break;
      if (key !== "id" && !key.endsWith("_id") && !key.endsWith("Id")) continue;
      const id = asId((data as Record<string, unknown>)[key]);
      if (id === undefined) continue;
      ids[key] = id;
      count++;
    }
    return count ? JSON.stringify(ids) : "";
  } catch {
    // A getter or a proxy that throws: the log line goes without ids rather than not at all.
    return "";
  }
}

function asId(value: unknown): string | number | undefined {
  if (typeof value === "string") return value.length > MAX_ID_LENGTH ? `${value.slice(0, MAX_ID_LENGTH)}…` : value;
  if (typeof value === "number") return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === "bigint") return value.toString();
  return undefined;
}
