import { describe, expect, it } from "vitest";
import { DEFAULT_BUDGET } from "../isolate";
import { readEvaluationSettings } from "./evaluationSettings";
import { OptionReader } from "./optionReader";

const settings = (options: Record<string, unknown>) => readEvaluationSettings(new OptionReader("@trackmap/medusa", options));

describe("readEvaluationSettings: a host's options for isolated evaluation", () => {
  it("isolates with the default budget when nothing is set, and not at all with isolate_evaluation: false", () => {
    expect(settings({})).toEqual(DEFAULT_BUDGET);
    expect(settings({ isolate_evaluation: true })).toEqual(DEFAULT_BUDGET);
    expect(settings({ isolate_evaluation: false, eval_budget_ms: 5000 })).toBeUndefined();
  });

  it("takes the store's budget, field by field", () => {
    expect(settings({ eval_budget_ms: 2500, eval_pool_size: 3, eval_heap_mb: 512, eval_max_calls: 50, eval_max_input_bytes: 1_000_000 })).toEqual({
      budgetMs: 2500,
      poolSize: 3,
      heapMb: 512,
      maxCalls: 50,
      maxInputBytes: 1_000_000,
    });
  });

  it("names a wrong option and what it accepts", () => {
    expect(() => settings({ eval_budget_ms: "1s" })).toThrow('@trackmap/medusa: option "eval_budget_ms" must be a whole number, at least 1');
    expect(() => settings({ eval_heap_mb: 16 })).toThrow('@trackmap/medusa: option "eval_heap_mb" must be a whole number, at least 32');
    expect(() => settings({ isolate_evaluation: "yes" })).toThrow('@trackmap/medusa: option "isolate_evaluation" must be true or false');
  });
});
