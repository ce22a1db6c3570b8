/**
 * @trackmap/core: declarative mappings from commerce events to Segment calls.
 * The pipeline, by folder: load/ → link/ → compile/ → evaluate/ → validate/ → deliver/;
 * pipeline/ composes the stages (loadMappings, mapEvent).
 */

// CALLS
export { CALL_TYPES, CALL_FIELDS, COMMON_FIELDS, isCallType } from "./calls/segmentCall";
export type {
  CallType,
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
export { readMappingFile, parseMappingText } from "./load/readMappingFile";
export type { LoadRequirement, MappingFile, LibraryFile, ParsedFile } from "./load/mappingFile";
export { mappingSchema, MAPPING_SCHEMA_ID } from "./load/mappingSchema";
export { MAX_FILE_BYTES, MAX_INPUT_FILE_BYTES } from "./load/readTextFile";
export { MAX_YAML_ALIAS_COUNT } from "./load/yamlValue";
export { MAX_EXPRESSION_DEPTH } from "./load/expressionDepth";

// COMPILE
export { MappingSet } from "./compile/mappingSet";
export type { CompiledMapping, CompiledCall, CompiledLoad } from "./compile/compiledMapping";
export { DEFAULT_LIMITS } from "./compile/limits";
export type { EvaluationLimits } from "./compile/limits";

// EVALUATE
export { evaluateMapping, loadMappingInput } from "./evaluate/evaluateMapping";
export type { EvaluateOptions, LoadedInput, MappingOutcome, ProducedCall } from "./evaluate/evaluateMapping";
export type { SourceEvent, RecordRequest, RecordLoader } from "./evaluate/sourceEvent";
export { MappingRunError } from "./evaluate/mappingRunError";
export type { MappingRunErrorCode, MappingRunErrorDetails } from "./evaluate/mappingRunError";
export { MAX_INPUT_DEPTH } from "./evaluate/normalize";
export { money, currency, hash, iso, currencyDigits, BUILTIN_FUNCTIONS } from "./evaluate/functions";

// ISOLATE (evaluation in worker processes, with a budget per event)
export { createIsolatedMapper, DEFAULT_BUDGET } from "./isolate";
export type { IsolatedMapper, IsolatedMapperOptions, EvaluationBudget } from "./isolate";

// VALIDATE
export { prepareCalls, prepareCall } from "./validate/prepareCalls";
export type { PrepareOptions, PreparedCalls, RejectedCall } from "./validate/prepareCalls";
export { validateCall, MAX_CALL_BYTES, MAX_MESSAGE_ID_LENGTH } from "./validate/validateCall";
export type { ValidationResult } from "./validate/validateCall";
export { createRedactor, DEFAULT_REDACTED_KEYS, isRedactedKey } from "./validate/redact";

// DELIVER
export type { Destination, DeliveryOutcome, DeliveryFailure, DeliveryFailureListener } from "./deliver/destination";
export { createSegmentDestination, DestinationConfigError } from "./deliver/segmentDestination";
export type { SegmentDestinationOptions } from "./deliver/segmentDestination";
export { createConsoleDestination, formatCall } from "./deliver/consoleDestination";
export { createJsonLinesDestination } from "./deliver/jsonLinesDestination";
export { createMemoryDestination } from "./deliver/memoryDestination";
export { createOutboxDestination, createMemoryOutboxStore, createPostgresOutboxStore, outboxTableSql, OUTBOX_TABLE, MAX_KEPT_CALL_BYTES } from "./deliver/outbox";
export type {
  OutboxDestination,
  OutboxDestinationOptions,
  OutboxStore,
  OutboxRecord,
  OutboxStatus,
  OutboxCounts,
  OutboxRetry,
  OutboxDeath,
  StoredCall,
  TruncatedCall,
  OutboxRoundSummary,
  OutboxStoreAction,
  SqlClient,
} from "./deliver/outbox";
export type { MemoryDestination } from "./deliver/memoryDestination";

// HOSTS (what adapters such as the Medusa plugins share)
export { OptionReader } from "./host/optionReader";
export type { ReportingOptions } from "./host/optionReader";
export { findPackageFolder } from "./host/packageFolder";
export { prefixedLog } from "./host/hostLog";
export { describeEventData } from "./host/describeEventData";
export type { HostLog } from "./host/hostLog";
export { readHostOptions, HOST_OPTION_NAMES } from "./host/hostOptions";
export type { HostOptions, ResolvedHostOptions } from "./host/hostOptions";
export { readOutboxSettings, OUTBOX_OPTION_DEFAULTS } from "./host/outboxSettings";
export { readEvaluationSettings, EVALUATION_OPTION_NAMES } from "./host/evaluationSettings";
export type { EvaluationOptions } from "./host/evaluationSettings";
export type { OutboxSettings, OutboxOptions } from "./host/outboxSettings";
export { describeCounts } from "./host/outboxReporter";
export { HostOutbox } from "./host/hostOutbox";
export { loadHostMappings } from "./host/loadHostMappings";
export { createHostDestination } from "./host/hostDestination";
export { closeBeforeExit } from "./host/closeBeforeExit";
export type { CloseBeforeExitOptions } from "./host/closeBeforeExit";
export type { HostDestinationOptions } from "./host/hostDestination";

// PIPELINE (the stages composed)
export { loadMappings } from "./pipeline/loadMappings";
export type { LoadOptions, LoadResult } from "./pipeline/loadMappings";
export { Tracker } from "./tracker";
export type { TrackerOptions, TrackResult } from "./tracker";
