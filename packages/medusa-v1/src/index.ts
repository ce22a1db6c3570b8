/**
 * @trackmap/medusa-v1: Segment tracking for Medusa v1 (1.18-1.20), in place of medusa-plugin-segment.
 * Medusa loads `dist/services/segment.js` (segmentService), `dist/subscribers/` and `dist/loaders/`.
 */
export { default as SegmentService } from "./services/segment";
export type { SegmentPluginOptions, ResolvedOptions } from "./lib/options";
export { resolveOptions } from "./lib/options";
export type { SendOutcome } from "@trackmap/core/host";
export { createV1RecordLoader, serviceName } from "./lib/loadV1Record";
export { DEFAULT_EVENTS, TRACKABLE_EVENTS } from "./lib/trackedEvents";
