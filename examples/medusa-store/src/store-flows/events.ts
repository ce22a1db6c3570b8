import type { IEventBusModuleService, MedusaContainer, Subscriber } from "@medusajs/framework/types";
import { Modules } from "@medusajs/framework/utils";

/** An event as the bus delivers it to subscribers. */
export type EmittedEvent<Data = Record<string, unknown>> = {
  name: string;
  data: Data;
  metadata?: Record<string, unknown>;
};

/** How long to wait for an event before failing with a readable error (a guard, not an assertion). */
const WAIT_LIMIT_MS = 20_000;

let nextSubscriberId = 0;

/**
 * Records what the event bus publishes, from now until `stop()`. Subscribes like any subscriber
 * does (so it sees exactly the `{ name, data, metadata }` that the plugin's subscribers get);
 * `"*"` records every event. Works with the local event bus (the test runner's default): it
 * delivers in this process. Medusa publishes a workflow's events only after the workflow
 * succeeded, a little after `run()` resolves, hence `waitFor`.
 */
export function recordEvents(container: MedusaContainer, eventName = "*"): EventRecorder {
  const eventBus = container.resolve<IEventBusModuleService>(Modules.EVENT_BUS);
  const subscriberId = `trackmap-test-recorder-${++nextSubscriberId}`;
  const events: EmittedEvent[] = [];
  const waiters = new Set<() => void>();

  const subscriber: Subscriber = async (event) => {
    events.push({ name: event.name, data: event.data as Record<string, unknown>, metadata: event.metadata });
    for (const check of waiters) check();
  };
  eventBus.subscribe(eventName, subscriber, { subscriberId });

  return {
    events,
    named: (name) => events.filter((event) => event.name === name),
    waitFor(name, match = () => true) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find((event) => event.name === name && match(event.data as never));
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found as never);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const seen = events.map((event) => event.name).join(", ") || "none";
          reject(new Error(`Event "${name}" was not published within ${WAIT_LIMIT_MS} ms (seen: ${seen})`));
        }, WAIT_LIMIT_MS);
        timer.unref();
        waiters.add(check);
        check();
      });
    },
    stop() {
      eventBus.unsubscribe(eventName, subscriber, { subscriberId });
    },
  };
}

export type EventRecorder = {
  /** Everything recorded so far, in publication order. */
  readonly events: EmittedEvent[];
  named(name: string): EmittedEvent[];
  /** The first recorded (or future) event with this name whose data matches. */
  waitFor<Data = Record<string, unknown>>(name: string, match?: (data: Data) => boolean): Promise<EmittedEvent<Data>>;
  stop(): void;
};

/**
 * Runs `action` and waits for the event it should cause: the listener is in place before the
 * action starts, and `match` picks our event (by the ids the action returned) out of any others.
 */
export async function runAndWaitFor<Result, Data = Record<string, unknown>>(
  container: MedusaContainer,
  eventName: string,
  action: () => Promise<Result>,
  match: (data: Data, result: Result) => boolean,
): Promise<{ result: Result; event: EmittedEvent<Data> }> {
  const recorder = recordEvents(container, eventName);
  try {
    const result = await action();
    const event = await recorder.waitFor<Data>(eventName, (data) => match(data, result));
    return { result, event };
  } finally {
    recorder.stop();
  }
}
