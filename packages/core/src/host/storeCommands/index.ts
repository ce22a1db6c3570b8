/** The store commands both Medusa plugins run (capture, backfill), with what each host gives them. */
export { backfillUsage, readBackfillRequest, runBackfillCommand } from "./backfillCommand";
export type { BackfillCommandHost, CommandOutput } from "./backfillCommand";
export { captureUsage, readCaptureWords, runCaptureCommand } from "./captureCommand";
export type { CaptureCommandHost, CaptureSettings } from "./captureCommand";
export { estimateStoreBackfill, storeBackfillJobs } from "./storeBackfill";
export type { StoreBackfillParts } from "./storeBackfill";
