/** At most this many ids are kept for one event: its subject and the records one mapping loads are a handful. */
const MAX_ENTITY_IDS = 20;
/** An id longer than this is not an id a store would look up (Medusa's are about 30 characters). */
const MAX_ENTITY_ID_LENGTH = 200;

/**
 * The ids of the entities an event's calls concern: the event's subject (`data.id`) and the `id`
 * of each record the mapping loaded (e.g. the order, its customer), once each, in that order. The
 * outbox stores them with each call, so that the calls made for one order or one customer can be
 * found. `input` is `{ event: { data }, <records> }`, as the mapping's expressions see it.
 */
export function entityIdsOf(input: Record<string, unknown>): string[] {
  const { event, ...records } = input;
  const subject = (event as { data?: unknown } | undefined)?.data;
  const ids = new Set<string>();
  for (const holder of [subject, ...Object.values(records)]) {
    const id = idOf(holder);
    if (id !== undefined && ids.size < MAX_ENTITY_IDS) ids.add(id);
  }
  return [...ids];
}

function idOf(holder: unknown): string | undefined {
  if (!holder || typeof holder !== "object") return undefined;
  const id: unknown = (holder as { id?: unknown }).id;
  const text = typeof id === "string" ? id : typeof id === "number" || typeof id === "bigint" ? String(id) : undefined;
  return text && text.length <= MAX_ENTITY_ID_LENGTH ? text : undefined;
}
