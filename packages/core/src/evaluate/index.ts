/** The evaluate stage: loads what a compiled mapping declares and evaluates its calls for one event. */
export { evaluateMapping, loadMappingInput } from "./evaluateMapping";
export type { EvaluateOptions, MappingOutcome, ProducedCall } from "./evaluateMapping";
export type { RunningExpression } from "./evaluateValue";
export type { RecordLoader, RecordRequest, SourceEvent } from "./sourceEvent";
export { MappingRunError } from "./mappingRunError";
export { entityIdsOf } from "./entityIds";
export type { MappingRunErrorCode, MappingRunErrorDetails } from "./mappingRunError";
export { convertInput, isTruthy, MAX_INPUT_DEPTH, toPlainOutput } from "./normalize";
export { BUILTIN_FUNCTIONS, currency, currencyDigits, hash, iso, money } from "./functions";
