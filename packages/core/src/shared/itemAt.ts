import { TrackmapError } from "../diagnostics/trackmapError";

/**
 * `list[index]` where the code knows the index is in range: a binary search, a loop over a list's indices, lists
 * built in step. noUncheckedIndexedAccess types every index access as possibly undefined; this states the
 * assumption in one place and fails loudly, as a bug, where it does not hold.
 */
export function itemAt<T>(list: ArrayLike<T>, index: number): T {
  if (!Number.isInteger(index) || index < 0 || index >= list.length) {
    throw new TrackmapError("TM_INTERNAL", `index ${index} is outside a list of ${list.length} item(s)`);
  }
  return list[index] as T;
}
