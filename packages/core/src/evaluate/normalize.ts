import { DROP, mapArrayShared, mapObjectShared } from "../shared/mapShared";

/**
 * JSONata results carry internals (sequence flags, `undefined`, functions, Dates) that
 * must not reach Segment; Medusa data carries BigNumber objects and Dates that JSONata
 * should see as plain numbers and ISO strings. Both directions are handled here.
 */

/**
 * Turns host data into plain JSON values: `toJSON()` is honoured (Dates, BigNumbers).
 * Parts that are already plain are returned as they are, not copied: on a large order most
 * of the record is, and copying it would cost more than the mapping's own work. ORM
 * entities may point back at their parents (`item.order.items`...): a reference to an
 * object being converted is dropped instead of recursing forever.
 */
export function toPlainInput(value: unknown, ancestors: Set<object> = new Set()): unknown {
  if (value === null || typeof value !== "object") return typeof value === "bigint" ? Number(value) : value;
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === "function") return toPlainInput(withToJson.toJSON(), ancestors);
  if (ancestors.has(value)) return undefined;
  ancestors.add(value);
  const plain = Array.isArray(value)
    ? mapArrayShared(value, (item) => toPlainInput(item, ancestors))
    : mapObjectShared(value as Record<string, unknown>, (item) =>
        typeof item === "function" ? DROP : toPlainInput(item, ancestors),
      );
  ancestors.delete(value);
  return plain;
}

/**
 * Makes an evaluation result plain JSON: sequences become plain arrays, `undefined`
 * and functions disappear, Dates become ISO strings, non-finite numbers become null.
 */
export function toPlainOutput(value: unknown): unknown {
  if (value === undefined || typeof value === "function") return undefined;
  if (value === null || typeof value !== "object") {
    return typeof value === "number" && !Number.isFinite(value) ? null : value;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) {
    return value.map(toPlainOutput).filter((item) => item !== undefined);
  }
  // Functions given as values (`= $sum`, `= function($x) {...}`) are JSONata objects, not data.
  const fn = value as { _jsonata_lambda?: boolean; _jsonata_function?: boolean };
  if (fn._jsonata_lambda || fn._jsonata_function) return undefined;
  const plain: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const converted = toPlainOutput(item);
    if (converted !== undefined) plain[key] = converted;
  }
  return plain;
}

/** JSONata's notion of truth (as `$boolean`), for `when`. */
export function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.some(isTruthy);
  if (typeof value === "string") return value.length > 0;
  if (typeof value === "number") return value !== 0;
  if (typeof value === "boolean") return value;
  if (typeof value === "function") return false;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return Boolean(value);
}
