import type { SegmentCall } from "./calls/segmentCall";
import { sendToDestination, type CallSource, type DeliveryOutcome, type Destination } from "./deliver";
import type { EvaluateOptions, MappingRunError, SourceEvent } from "./evaluate";
import type { MappingSet } from "./compile";
import type { IsolatedMapper } from "./isolate";
import { mapEvent } from "./pipeline";

export interface TrackerOptions {
  mappings: MappingSet;
  destination: Destination;
  /** Keys removed from every call, besides password and password_hash. */
  redact?: readonly string[];
  /** Told about every mapping failure (default: none; failures are also in each result). */
  onError?: (error: MappingRunError) => void;
  /** Values every expression sees as `$name`, e.g. `{ reporting: { currency, rates } }`. */
  variables?: Record<string, unknown>;
  /**
   * Maps events in worker processes with a time budget and a heap limit per event (see
   * createIsolatedMapper; its `mappings` should be the ones given here). Without it, events are
   * mapped on this thread. The tracker does not close it.
   */
  isolation?: Pick<IsolatedMapper, "mapEvent">;
}

export interface TrackResult {
  event: SourceEvent;
  /** The mapping file that handled the event; undefined when no mapping handles it. */
  mapping?: string;
  /** Calls handed to the destination. */
  calls: SegmentCall[];
  errors: MappingRunError[];
  /**
   * The failure that stopped the event (see eventFailure), when one did: the event was handed to the
   * destination's keepFailedEvent, to be mapped again once the mapping is fixed.
   */
  failure?: MappingRunError;
  /** Settles when the destination reports each call delivered or failed. Never rejects. */
  delivered: Promise<DeliveryOutcome[]>;
}

/**
 * The whole pipeline for one event: find its mapping, load what it declares, evaluate,
 * validate, deliver. It never throws for a bad mapping or a bad call: failures are
 * reported, and the other calls and events go on.
 */
export class Tracker {
  private readonly options: TrackerOptions;

  constructor(options: TrackerOptions) {
    this.options = options;
  }

  handles(eventName: string): boolean {
    return this.options.mappings.forEvent(eventName) !== undefined;
  }

  async track(event: SourceEvent, evaluateOptions: EvaluateOptions = {}): Promise<TrackResult> {
    const mapping = this.options.mappings.forEvent(event.name);
    if (!mapping) return { event, calls: [], errors: [], delivered: Promise.resolve([]) };
    const map = this.options.isolation?.mapEvent ?? mapEvent;
    const { calls, errors, rejected, entityIds } = await map(mapping, event, {
      variables: this.options.variables,
      ...evaluateOptions,
      redact: this.options.redact,
    });
    const source: CallSource = { event: event.name, entityIds };
    for (const error of errors) this.report(error);
    await Promise.all(rejected.map(({ call, error }) => this.keepRejected(call, error, source)));
    const failure = eventFailure(errors, calls.length);
    if (failure) await this.keepFailed(event, failure, source);
    const delivered = Promise.all(calls.map((call) => sendToDestination(this.options.destination, call, source)));
    return { event, mapping: mapping.file.path, calls, errors, ...(failure ? { failure } : {}), delivered };
  }

  /** A throwing `onError` must not turn a reported failure into a thrown one. */
  private report(error: MappingRunError): void {
    try {
      this.options.onError?.(error);
    } catch {
      // Ignored on purpose: the error is also in the result.
    }
  }

  /** Lets a durable destination keep an invalid call as dead; its failure must not stop the event. */
  private async keepRejected(call: SegmentCall, error: MappingRunError, source: CallSource): Promise<void> {
    try {
      await this.options.destination.reject?.(call, error.message, source);
    } catch {
      // Ignored on purpose: the error was reported above.
    }
  }

  /** Lets a durable destination keep an event whose mapping failed as dead; its failure must not stop the event. */
  private async keepFailed(event: SourceEvent, failure: MappingRunError, source: CallSource): Promise<void> {
    try {
      await this.options.destination.keepFailedEvent?.(event, failure.message, source);
    } catch {
      // Ignored on purpose: the error was reported above.
    }
  }

  /** Flushes the destination. */
  close(options?: { timeoutMs?: number }): Promise<void> {
    return this.options.destination.close(options);
  }
}

/**
 * The failure that cost an event calls, to keep the event and map it again once the mapping is
 * fixed: any run-time error but an invalid call (kept itself, as a dead call) and input nested too
 * deep while calls were still made (the deeper parts were left out; the calls went on). Mapping it
 * again is safe for the calls that were made: their messageIds are the same, and the outbox keeps
 * one row per messageId.
 */
export function eventFailure(errors: readonly MappingRunError[], callsMade: number): MappingRunError | undefined {
  return errors.find((error) => error.code !== "TM_INVALID_CALL" && !(error.code === "TM_BAD_INPUT" && callsMade > 0));
}
