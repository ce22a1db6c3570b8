import { DROP, mapArrayShared, mapObjectShared } from "../shared/mapShared";

/**
 * JSONata results carry internals (sequence flags, `undefined`, functions, Dates) that
 * must not reach Segment; Medusa data carries BigNumber objects and Dates that JSONata
 * should see as plain numbers and ISO strings. Both directions are handled here.
 */

/**
 * Levels of nesting host data may have. Deeper parts are left out (and reported): everything
 * after (JSONata, redaction, JSON) recurses, and a few thousand levels would overflow the stack.
 * Commerce records are a dozen levels deep; nothing real comes near.
 */
export const MAX_INPUT_DEPTH = 100;

export interface PlainInput {
  value: unknown;
  /** Whether parts nested deeper than MAX_INPUT_DEPTH were left out. */
  truncated: boolean;
}

/**
 * Turns host data into plain JSON values: `toJSON()` is honoured (Dates, BigNumbers), and a
 * BigInt becomes a number when it is a safe integer, else its exact decimal text (an id stays
 * the same id). Parts that are already plain are returned as they are, not copied: on a large
 * order most of the record is, and copying it would cost more than the mapping's own work. ORM
 * entities may point back at their parents (`item.order.items`...): a reference to an object
 * being converted is dropped instead of recursing forever.
 */
export function convertInput(value: unknown): PlainInput {
  const state = { ancestors: new Set<object>(), truncated: false };
  return { value: plainInput(value, 0, state), truncated: state.truncated };
}

/** `convertInput`'s value alone, for data whose depth does not need reporting. */
export function toPlainInput(value: unknown): unknown {
  return convertInput(value).value;
}

function plainInput(value: unknown, depth: number, state: { ancestors: Set<object>; truncated: boolean }): unknown {
  if (typeof value === "bigint") return plainBigInt(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_INPUT_DEPTH) {
    state.truncated = true;
    return undefined;
  }
  // A level too: a toJSON() that returns its own kind would otherwise never end.
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === "function") return plainInput(withToJson.toJSON(), depth + 1, state);
  if (state.ancestors.has(value)) return undefined;
  state.ancestors.add(value);
  const plain = Array.isArray(value)
    ? mapArrayShared(value, (item) => plainInput(item, depth + 1, state))
    : mapObjectShared(value as Record<string, unknown>, (item) => (typeof item === "function" ? DROP : plainInput(item, depth + 1, state)));
  state.ancestors.delete(value);
  return plain;
}

function plainBigInt(value: bigint): number | string {
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : value.toString();
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
