/**
 * @trackmap/core: declarative mappings from commerce events to Segment calls.
 * The pipeline, by folder: load/ → link/ → compile/ → evaluate/ → validate/ → deliver/;
 * pipeline/ composes the stages (loadMappings, mapEvent).
 * Each stage is exported through its index.ts, as the stages use each other.
 */

// CALLS
export { CALL_TYPES, CALL_FIELDS, COMMON_FIELDS, isCallType } from "./calls/segmentCall";
export type {
  CallType,
  CommonCallFields,
  SegmentCall,
  TrackCall,
  IdentifyCall,
  GroupCall,
  PageCall,
  AliasCall,
  JsonObject,
} from "./calls/segmentCall";

// DIAGNOSTICS
export type { Diagnostic, DiagnosticCode, Severity } from "./diagnostics/diagnostic";
export type { Location } from "./diagnostics/location";
export { hasErrors, sortDiagnostics } from "./diagnostics/diagnostic";
export { formatDiagnostic, formatDiagnostics } from "./diagnostics/formatDiagnostic";
export { TrackmapError, invalidMappingsError } from "./diagnostics/trackmapError";
export type { TrackmapErrorCode } from "./diagnostics/trackmapError";

// LOAD
export { readMappingFile, parseMappingText } from "./load";
export type { ReadResult } from "./load";
export type { CallTemplate, LoadRequirement, MappingFile, LibraryFile, ParsedFile } from "./load";
export { mappingSchema, MAPPING_SCHEMA_ID } from "./load";
export { MAX_FILE_BYTES, MAX_INPUT_FILE_BYTES } from "./load";
export { MAX_YAML_ALIAS_COUNT } from "./load";
export { MAX_EXPRESSION_DEPTH } from "./load";

// COMPILE
export { MappingSet } from "./compile";
export type { CompiledMapping, CompiledCall, CompiledLoad } from "./compile";
export { DEFAULT_LIMITS } from "./compile";
export type { EvaluationLimits } from "./compile";
export { compileExpression } from "./compile";
export type { CompiledExpression, CompileOptions } from "./compile";

// EVALUATE
export { evaluateMapping } from "./evaluate";
export type { EvaluateOptions, MappingOutcome, ProducedCall } from "./evaluate";
export type { SourceEvent, RecordRequest, RecordLoader } from "./evaluate";
export { MappingRunError } from "./evaluate";
export type { MappingRunErrorCode, MappingRunErrorDetails } from "./evaluate";
export { MAX_INPUT_DEPTH } from "./evaluate";
export { money, currency, hash, iso, currencyDigits, BUILTIN_FUNCTIONS } from "./evaluate";

// ISOLATE (evaluation in worker processes, with a budget per event)
export { createIsolatedMapper, DEFAULT_BUDGET } from "./isolate";
export type { IsolatedMapper, IsolatedMapperOptions, EvaluationBudget } from "./isolate";

// VALIDATE
export { prepareCalls, prepareCall } from "./validate";
export type { PrepareOptions, PreparedCalls, RejectedCall } from "./validate";
export { validateCall, MAX_CALL_BYTES, MAX_MESSAGE_ID_LENGTH } from "./validate";
export type { ValidationResult } from "./validate";
export { createRedactor, DEFAULT_REDACTED_KEYS, isRedactedKey } from "./validate";

// DELIVER
export type { Destination, DeliveryOutcome, DeliveryFailure, DeliveryFailureListener } from "./deliver";
export { createSegmentDestination, DestinationConfigError } from "./deliver";
export type { SegmentDestinationOptions } from "./deliver";
export { createConsoleDestination, formatCall } from "./deliver";
export type { ConsoleDestinationOptions } from "./deliver";
export { createJsonLinesDestination } from "./deliver";
export type { JsonLinesDestinationOptions } from "./deliver";
export { createMemoryDestination } from "./deliver";
export {
  createOutboxDestination,
  createMemoryOutboxStore,
  createPostgresOutboxStore,
  outboxTable,
  outboxTableSql,
  OUTBOX_TABLE,
  MAX_KEPT_CALL_BYTES,
} from "./deliver";
export type {
  OutboxDestination,
  OutboxDestinationOptions,
  OutboxStore,
  OutboxRecord,
  OutboxCallRecord,
  OutboxEventRecord,
  StoredEvent,
  CallSource,
  OutboxStatus,
  OutboxCounts,
  OutboxRetry,
  OutboxDeath,
  OutboxCallQuery,
  OutboxCallPage,
  OutboxMinute,
  StoredCall,
  TruncatedCall,
  OutboxRoundSummary,
  OutboxStoreAction,
  SqlClient,
  OutboxColumn,
  OutboxIndex,
  OutboxTableDefinition,
} from "./deliver";
export type { MemoryDestination } from "./deliver";

// PIPELINE (the stages composed)
export { loadMappings } from "./pipeline";
export type { LoadOptions, LoadResult } from "./pipeline";
export { Tracker } from "./tracker";
export type { TrackerOptions, TrackResult } from "./tracker";
