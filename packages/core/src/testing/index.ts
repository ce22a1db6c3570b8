/** `@trackmap/core/testing`: test mappings in isolation, and a local Segment-compatible server. */
export { createMappingTester, expectCalls } from "./mappingTester";
export type { MappingTester, ExpectedCallSpec } from "./mappingTester";
export { runMappingTests, runTestCase } from "./runMappingTests";
export type { RunTestsOptions, TestReport, TestFileResult, CaseResult } from "./runMappingTests";
export { formatTestReport } from "./formatTestReport";
export { matchCalls } from "./matchCalls";
export type { CallMismatch, MatchOptions } from "./matchCalls";
export { readTestFile } from "./readTestFile";
export type { TestSuite, TestCase, ExpectedCall, MatchMode, ReadTestFileResult } from "./readTestFile";
export { loadTrackingPlan } from "./trackingPlan";
export type { TrackingPlan } from "./trackingPlan";
export { startSegmentServer } from "./segmentServer";
export type {
  SegmentServer,
  SegmentServerOptions,
  SegmentServerFault,
  SegmentMessage,
  ReceivedBatch,
  ReceivedRequest,
} from "./segmentServer";
