/** `count` items of `T`, as a tuple when `count` is a literal (so destructuring gives defined values). */
type Tuple<T, N extends number, Items extends T[] = []> = number extends N ? T[] : Items["length"] extends N ? Items : Tuple<T, N, [...Items, T]>;

/**
 * The records a workflow created, checked to be as many as it was asked for. Medusa's workflows return lists;
 * a seed that got fewer records than it asked for stops here, naming them, not later on an undefined id.
 */
export function created<T, N extends number>(records: readonly T[], count: N, what: string): Tuple<T, N> {
  if (records.length !== count) throw new Error(`expected Medusa to create ${count} ${what}, it created ${records.length}`);
  return [...records] as Tuple<T, N>;
}

/** Each key with the record created for it, in order, checked to be one record per key. */
export function createdFor<K, T>(keys: readonly K[], records: readonly T[], what: string): Array<[K, T]> {
  const checked: T[] = created(records, keys.length, what);
  return keys.map((key, index) => [key, checked[index] as T]);
}
