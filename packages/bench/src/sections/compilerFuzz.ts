import fc from "fast-check";
// The property and its generators are the core's own (its property test runs them in CI with a fixed seed).
import { document, expression } from "../../../core/src/testHelpers/jsonataArbitraries";
import { assertSameAsJsonata } from "../../../core/src/testHelpers/jsonataDifferential";
import { table } from "../measure";

/**
 * The compiler's property test, run much longer than in CI and with a new seed each time:
 * generated expressions over what the compiler compiles, on generated data, must give what
 * jsonata 2.2.2 gives. TRACKMAP_FUZZ_RUNS (default 20,000) and TRACKMAP_FUZZ_SEED set it.
 */
export async function benchCompilerFuzz(): Promise<{ markdown: string; failed: boolean }> {
  const runs = Number(process.env.TRACKMAP_FUZZ_RUNS ?? 20_000);
  const seed = Number(process.env.TRACKMAP_FUZZ_SEED ?? Date.now() % 2 ** 31);
  const seen = { value: 0, error: 0, "not a case": 0 };
  const started = Date.now();
  const result = await fc.check(
    fc.asyncProperty(expression, document, async (source, input) => {
      seen[await assertSameAsJsonata(source, input)]++;
    }),
    { numRuns: runs, seed },
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const outcome = result.failed ? `difference: ${JSON.stringify(result.counterexample)}` : "none";
  return {
    failed: result.failed,
    markdown: table(
      ["cases", "seed", "values compared", "errors compared", "unparsable (skipped)", "time", "differences"],
      [[String(runs), String(seed), String(seen.value), String(seen.error), String(seen["not a case"]), `${seconds} s`, outcome]],
    ),
  };
}
