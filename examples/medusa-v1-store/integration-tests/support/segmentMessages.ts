import type { SegmentMessage, SegmentServer } from "@trackmap/core/testing";

/**
 * Waits until the local Segment server received a message that matches, and returns it. v1 events
 * reach subscribers through the staged_job table, polled every 3 s: a call arrives some seconds
 * after the request that caused it.
 */
export async function receivedMessage(
  segment: SegmentServer,
  matches: (message: SegmentMessage) => boolean,
  timeoutMs = 30_000,
): Promise<SegmentMessage> {
  const [first] = await receivedMessages(segment, 1, matches, timeoutMs);
  return first!;
}

/** All received messages that match, once `count` of them arrived. */
export async function receivedMessages(segment: SegmentServer, count: number, matches: (message: SegmentMessage) => boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = segment.messages.filter(matches);
    if (found.length >= count) return found;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`${found.length} of ${count} matching Segment messages; received:\n${segment.messages.map(describe).join("\n")}`);
    await segment.waitForMessages(segment.messages.length + 1, left).catch(() => undefined);
  }
}

export const track =
  (event: string, properties: Record<string, unknown> = {}) =>
  (message: SegmentMessage) =>
    message.type === "track" &&
    message.event === event &&
    Object.entries(properties).every(([key, value]) => (message.properties as Record<string, unknown>)?.[key] === value);

function describe(message: SegmentMessage): string {
  return `${message.type} ${String(message.event ?? "")} ${JSON.stringify(message.properties ?? message.traits ?? {}).slice(0, 200)}`;
}
