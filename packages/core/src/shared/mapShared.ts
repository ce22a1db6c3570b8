/**
 * Maps over arrays and objects without copying what does not change: a big record passes
 * through normalisation and redaction on every event, and is mostly left as it is.
 */

/** Returned by a mapper to leave an object's key out. */
export const DROP: unique symbol = Symbol("drop");

/** The array with each item mapped; the array itself when no item changes. */
export function mapArrayShared(array: readonly unknown[], map: (item: unknown) => unknown): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    const mapped = map(item);
    if (mapped !== item && !copy) copy = array.slice(0, i);
    if (copy) copy.push(mapped);
  }
  return copy ?? (array as unknown[]);
}

/**
 * The object with each own value mapped (`DROP` leaves the key out); the object itself when
 * nothing changes. A copy holds no `undefined` values: they mean nothing in JSON.
 */
export function mapObjectShared(object: Record<string, unknown>, map: (value: unknown, key: string) => unknown): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    const value = object[key];
    const mapped = map(value, key);
    if (mapped !== value && !copy) {
      // Something changes: copy the keys before this one, then go on into the copy.
      copy = {};
      for (const earlier in object) {
        if (earlier === key) break;
        if (Object.hasOwn(object, earlier)) copy[earlier] = object[earlier];
      }
    }
    if (copy && mapped !== DROP && mapped !== undefined) copy[key] = mapped;
  }
  return copy ?? object;
}
