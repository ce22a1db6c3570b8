/**
 * `@trackmap/core/host`: the runtime every trackmap host shares (the Medusa v2 and v1 plugins, a
 * plain Node service). A host reads its options with readHostOptions, loads its mappings with
 * loadHostMappings, and runs a HostRuntime with what only it has: its logger, record loader,
 * database and lifecycle hooks.
 */
export { HostRuntime, logTrackedEvents } from "./hostRuntime";
export type { HostBackfillOptions, HostEstimateOptions } from "./hostRuntime";
export type { CallParams, HostRuntimeConfig, HostStatus } from "./hostRuntime";
export { HostDelivery, SHUTDOWN_FLUSH_MS, deliveryNotes } from "./hostDelivery";
export type { DeliverySettings, HostDeliveryConfig, SendOptions, SendOutcome } from "./hostDelivery";
export { acquireDelivery, trackmapLog } from "./sharedDelivery";
export type { DeliveryLease, DeliveryParts } from "./sharedDelivery";
export { HostOutbox, describeCounts } from "./hostOutbox";
export type { OutboxFigures } from "./hostOutbox";
export { OptionReader } from "./optionReader";
export type { ReportingOptions } from "./optionReader";
export { readHostOptions, HOST_OPTION_NAMES } from "./hostOptions";
export type { HostOptions, ResolvedHostOptions } from "./hostOptions";
export { readOutboxSettings, OUTBOX_OPTION_DEFAULTS } from "./outboxSettings";
export type { OutboxSettings, OutboxOptions } from "./outboxSettings";
export { readEvaluationSettings, EVALUATION_OPTION_NAMES } from "./evaluationSettings";
export type { EvaluationOptions } from "./evaluationSettings";
export { loadHostMappings } from "./loadHostMappings";
export { findPackageFolder, shippedMappingsFolder } from "./packageFolder";
export { prefixedLog } from "./hostLog";
export type { HostLog } from "./hostLog";
export { describeEventData } from "./describeEventData";
export { closeBeforeExit } from "./closeBeforeExit";
export type { CloseBeforeExitOptions } from "./closeBeforeExit";
export { captureInput, fixtureOf, fixtureFileName, writeFixtureFile } from "./capturedInput";
export type { CapturedInput } from "./capturedInput";
export * from "./backfill";
export * from "./storeCommands";
