import type SegmentService from "../services/segment";
import type { V1Container } from "../lib/loadV1Record";
import { TRACKABLE_EVENTS } from "../lib/trackedEvents";

/** Medusa v1's subscriber arguments (since 1.18). */
interface SubscriberArgs {
  data: unknown;
  eventName: string;
  container: V1Container;
}

/**
 * Every trackable event goes to the mappings; events without a mapping cost nothing. The
 * handler returns once the event's calls were delivered or failed (the local event bus does not
 * wait for subscribers, so nothing else waits on it).
 */
export default async function trackSegmentEvents({ data, eventName, container }: SubscriberArgs): Promise<void> {
  await container.resolve<SegmentService>("segmentService").trackEvent({ name: eventName, data }, container);
}

export const config = {
  event: TRACKABLE_EVENTS,
  context: { subscriberId: "trackmap-segment" },
};
