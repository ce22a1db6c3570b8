import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { document, expression } from "../../testHelpers/jsonataArbitraries";
import { assertSameAsJsonata } from "../../testHelpers/jsonataDifferential";

/**
 * Generated expressions over what the compiler compiles, on generated data, against jsonata
 * 2.2.2. CI runs a fixed seed; `pnpm bench` runs many more with a new seed
 * (TRACKMAP_FUZZ_RUNS, TRACKMAP_FUZZ_SEED). A failure prints the seed and the smallest
 * expression and data that differ.
 */

const RUNS = Number(process.env.TRACKMAP_FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.TRACKMAP_FUZZ_SEED ?? 1313);

// PROPERTY

describe("compiled expressions on generated data", () => {
  it(`give what jsonata gives (${RUNS} runs, seed ${SEED})`, async () => {
    const seen = { value: 0, error: 0, "not a case": 0 };
    await fc.assert(
      fc.asyncProperty(expression, document, async (source, input) => {
        seen[await assertSameAsJsonata(source, input)]++;
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    // Most cases must be values, or the generator tests little but error paths.
    expect(seen.value).toBeGreaterThan(RUNS / 2);
  });
});
