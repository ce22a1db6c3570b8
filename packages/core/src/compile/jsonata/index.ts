/** The JSONata compiler: expressions compiled to JavaScript closures, jsonata's evaluator behind them. */
export { compileExpression, compileParsed } from "./compileExpression";
export type { CompiledExpression, CompileOptions } from "./compileExpression";
export { JSONATA_FUNCTION_NAMES } from "./natives";
