import { convertInput } from "../evaluate";

/**
 * Records made plain (see convertInput), and the names of those that nested deeper than allowed
 * (their deeper parts left out): on the main thread for records JSON cannot hold as they are, and
 * in a worker for parsed input, whose depth only this bounds.
 */
export function plainRecords(records: Record<string, unknown>): { records: Record<string, unknown>; truncated: string[] } {
  const plain: Record<string, unknown> = {};
  const truncated: string[] = [];
  for (const [name, record] of Object.entries(records)) {
    const converted = convertInput(record);
    plain[name] = converted.value;
    if (converted.truncated) truncated.push(name);
  }
  return { records: plain, truncated };
}
