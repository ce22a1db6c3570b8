import { join } from "node:path";

/** The repository's folders the benchmarks read. */
export const ROOT = join(__dirname, "..", "..", "..");
export const MAPPINGS = join(ROOT, "mappings");

// One order grown to any size, shared with core's tests of large orders.
export { orderWithLines, projectFields } from "../../core/src/testHelpers/largeOrder";
