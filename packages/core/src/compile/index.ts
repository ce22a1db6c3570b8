/** The compile stage: each value of a linked mapping becomes one JSONata program, with its limits. */
export { compileMappings, MappingSet } from "./mappingSet";
export type { CompiledCall, CompiledLoad, CompiledMapping, CompiledValue } from "./compiledMapping";
export { DEFAULT_LIMITS, resolveLimits } from "./limits";
export type { EvaluationLimits } from "./limits";
export { LIST_FUNCTION } from "./renderTemplate";
export { compileExpression } from "./jsonata";
export type { CompiledExpression, CompileOptions } from "./jsonata";
export { JSONATA_FUNCTION_NAMES } from "./jsonata";
