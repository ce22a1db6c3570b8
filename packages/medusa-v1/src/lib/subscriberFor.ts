import type SegmentService from "../services/segment";
import type { V1Container } from "./loadV1Record";

/** Medusa v1's subscriber arguments (since 1.18). */
export interface SubscriberArgs {
  data: unknown;
  container: V1Container;
}

/**
 * A Medusa v1 subscriber (handler and config) that hands one event to the mappings. One per
 * event, because Medusa 1.20's local event bus does not pass the event's name to subscribers
 * (their `eventName` is undefined): a handler shared by several events could not tell them apart.
 * The handler returns once the event's calls were delivered or failed; nothing waits on it (the
 * event bus does not wait for subscribers).
 */
export function subscriberFor(eventName: string) {
  async function trackSegmentEvent({ data, container }: SubscriberArgs): Promise<void> {
    await container.resolve<SegmentService>("segmentService").trackEvent({ name: eventName, data }, container);
  }
  return { handler: trackSegmentEvent, config: { event: eventName, context: { subscriberId: `trackmap-${eventName}` } } };
}
