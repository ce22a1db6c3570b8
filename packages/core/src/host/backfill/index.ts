/** Backfill: history replayed into Segment through the live mappings and the outbox, resumable and rate-limited. */
export { createBackfillMapper } from "./backfillMapper";
export type { BackfillMapper, BackfillMapperOptions, MappedHistory } from "./backfillMapper";
export { formatDuration, formatProgress } from "./backfillProgress";
export type { BackfillCheckpoint, BackfillProgress } from "./backfillProgress";
export { createMemoryBackfillSource, isAfter } from "./backfillSource";
export type { BackfillEvent, BackfillPosition, BackfillRange, BackfillRecord, BackfillSource } from "./backfillSource";
export { estimateBackfill } from "./estimateBackfill";
export type { BackfillEstimate, EstimateOptions } from "./estimateBackfill";
export { DEFAULT_BACKFILL_RATE, runBackfill } from "./runBackfill";
export type { BackfillOptions, BackfillResult } from "./runBackfill";
export { BackfillJobs, backfillRange, createMemoryBackfillJobStore } from "./backfillJobs";
export type { BackfillJob, BackfillJobsOptions, BackfillJobStatus, BackfillJobStore, BackfillRequest, BackfillRunner } from "./backfillJobs";
export { BACKFILL_TABLE, BACKFILL_TABLE_SQL, createPostgresBackfillJobStore } from "./postgresBackfillJobStore";
