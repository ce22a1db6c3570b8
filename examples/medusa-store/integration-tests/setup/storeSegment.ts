import { startSegmentServer, type SegmentServer } from "@trackmap/core/testing";

/**
 * A local Segment-compatible server for the store under test, and the environment that points
 * the plugin at it (medusa-config.js reads these). Set on process.env too, since Medusa reads
 * its config before the runner applies `env`.
 */
export async function startStoreSegment(extra: Record<string, string> = {}): Promise<{ segment: SegmentServer; env: Record<string, string> }> {
  const segment = await startSegmentServer();
  const env = { SEGMENT_WRITE_KEY: "test-write-key", SEGMENT_HOST: segment.url, SEGMENT_FLUSH_AT: "1", ...extra };
  Object.assign(process.env, env);
  return { segment, env };
}
