/** Isolated evaluation: events mapped in a pool of worker processes, with a time budget, a heap limit and caps per event. */
export { createIsolatedMapper } from "./isolatedMapper";
export type { IsolatedMapper, IsolatedMapperOptions } from "./isolatedMapper";
export { DEFAULT_BUDGET, resolveBudget } from "./evaluationBudget";
export type { EvaluationBudget } from "./evaluationBudget";
