import type { AliasCall, GroupCall, IdentifyCall, JsonObject, PageCall, SegmentCall, TrackCall } from "../calls/segmentCall";
import type { MappingSet } from "../compile";
import type { OutboxCallPage, OutboxCallQuery, OutboxCounts, OutboxRecord } from "../deliver/outbox";
import { TrackmapError } from "../diagnostics/trackmapError";
import type { RecordLoader, SourceEvent } from "../evaluate";
import { createIsolatedMapper, type IsolatedMapper } from "../isolate";
import type { LoadResult } from "../pipeline";
import { Tracker, type TrackResult } from "../tracker";
import { type CapturedInput, captureInput, fixtureOf, recordingLoader, writeFixtureInto } from "./capturedInput";
import { describeEventData } from "./describeEventData";
import type { SendOutcome } from "./hostDelivery";
import type { HostLog } from "./hostLog";
import type { OutboxFigures } from "./hostOutbox";
import type { ResolvedHostOptions } from "./hostOptions";
import { hostMappingRoots, loadHostMappings, logWarnings } from "./loadHostMappings";
import { acquireDelivery, trackmapLog, type DeliveryLease, type DeliveryParts } from "./sharedDelivery";
import {
  type BackfillEstimate,
  type BackfillMapper,
  type BackfillOptions,
  type BackfillResult,
  createBackfillMapper,
  type EstimateOptions,
  estimateBackfill,
  runBackfill,
} from "./backfill";

/** A backfill as a host starts it: its own parts (mappings, loader, outbox) come from the runtime. */
export type HostBackfillOptions = Omit<BackfillOptions, "map" | "outbox"> & { integrations?: JsonObject };
export type HostEstimateOptions = Omit<EstimateOptions, "map"> & { integrations?: JsonObject };

/** A call as Segment's libraries take it: the fields of the call, without `type`. */
export type CallParams<T> = Omit<T, "type">;

/** What a host (a Medusa plugin, a Node service) gives the runtime: its own parts only. */
export interface HostRuntimeConfig<Context> extends DeliveryParts {
  /** The host's options, read with readHostOptions (plus its own). */
  options: ResolvedHostOptions;
  /**
   * The folder of the mappings the host ships; the store's folders (the `mappings` option) are layered over it.
   * Broken mappings are logged with every problem, and no event is mapped (see ready()).
   */
  shippedMappings: string;
  /**
   * The same mappings, when the host loaded them already with loadHostMappings (Medusa v2's module loader,
   * which fails start-up on a broken one): they are not loaded again, and handles() answers from them at
   * once, while the workers start.
   */
  loadedMappings?: LoadResult;
  /** Loads the records a mapping declares, from what the host hands with each event (Medusa's container). */
  recordLoader: (context: Context) => RecordLoader;
  /** How hand-written calls are named in messages, e.g. "segmentService" (`segmentService.track "Order Completed"`). Default "trackmap". */
  serviceName?: string;
  /** The host's own start-up notes, logged by logStart() (e.g. options that do nothing any more). */
  notes?: readonly string[];
  /** Values every expression sees as `$name`. */
  variables?: Record<string, unknown>;
  /**
   * "medusa-plugin-segment": behave as v1's plugin did for code written against it. Hand-written
   * calls never reject (an invalid one is logged and resolves `{ status: "invalid" }`): its callers
   * neither await nor catch, and a rejection would end the process. trackEvent resolves once the
   * event's calls are delivered or failed, not once they are handed over.
   */
  compatibility?: "medusa-plugin-segment";
}

/** What a store's operator sees of a host's set-up (never the write key itself). */
export interface HostStatus {
  /** Whether a write key is set; without one the host runs dry (calls are logged, not sent). */
  writeKeySet: boolean;
  /** See HostDelivery.outboxState(). */
  outbox: "on" | "off" | "unavailable";
  /** False when the mappings could not be loaded: no event is mapped (the errors were logged at start-up). */
  mappingsLoaded: boolean;
  /** Each mapped event, the file of the mapping in force, whether it is the host's own or the store's, and whether the store disabled it. */
  events: Array<{ event: string; mapping: string; from: "shipped" | "store"; disabled: boolean }>;
  /** The mappings' warnings, one line each, as logged at start-up. */
  warnings: string[];
}

/**
 * One runtime for every trackmap host: it maps events through the mappings (loading records with
 * the host's loader), sends hand-written calls through the same redaction, validation and
 * delivery, reports failures with the event and the mapping, shows the outbox, and closes once.
 * A host is an adapter around it: its logger, record loader, database, lifecycle hooks.
 */
export class HostRuntime<Context> {
  protected readonly log: HostLog;
  private readonly lease: DeliveryLease;
  private readonly mappings: Promise<MappingSet | undefined>;
  /** The mappings once loaded (for handles(), which a host calls synchronously). */
  private loaded?: MappingSet;
  /** The pool of worker processes events are mapped in, unless the store maps them on the main thread. */
  private isolation?: IsolatedMapper;
  private tracker?: Tracker;
  private closing?: Promise<void>;
  /** The mappings' warnings, kept for status() as they were logged. */
  private readonly warnings: string[] = [];
  /** Backfills running in this process, stopped by close(). */
  private readonly backfills = new Set<{ stop: AbortController; run: Promise<unknown> }>();

  constructor(private readonly config: HostRuntimeConfig<Context>) {
    this.log = trackmapLog(config.logger);
    this.loaded = config.loadedMappings?.mappings;
    this.mappings = this.load();
    this.lease = acquireDelivery(config);
  }

  // MAPPINGS

  /**
   * Resolves once the mappings are loaded and checked; rejects with TM_INVALID_MAPPINGS when they
   * could not be (every problem was logged as file:line:col).
   */
  async ready(): Promise<MappingSet> {
    const mappings = await this.mappings;
    if (!mappings)
      throw new TrackmapError(
        "TM_INVALID_MAPPINGS",
        `${this.config.packageName}: the mappings could not be loaded (see the errors logged at start-up)`,
      );
    return mappings;
  }

  /** Whether an event is mapped (and not disabled); false until the mappings are loaded. */
  handles(eventName: string): boolean {
    return this.enabled(eventName) && Boolean(this.loaded?.forEvent(eventName));
  }

  /** The events the mappings handle, minus the disabled ones. */
  async trackedEvents(): Promise<string[]> {
    const mappings = await this.mappings;
    return (mappings?.events ?? []).filter((event) => this.enabled(event));
  }

  /**
   * Runs the mapping of an event: loads what it declares with the host's loader, evaluates,
   * validates and sends. Never throws: failures are logged with the event and the mapping file,
   * and other events go on. Resolves undefined when no mapping handles the event.
   */
  async trackEvent(event: SourceEvent, context: Context): Promise<TrackResult | undefined> {
    const mapping = this.mapEvent(event, context).catch((error: unknown) => {
      // Ids only: event.data may be a whole entity (personal data, secrets), circular or holding BigInts.
      this.log.error(`${event.name} ${describeEventData(event.data)}: unexpected failure: ${(error as Error)?.stack ?? error}`);
      return undefined;
    });
    // close() waits for the mapping, and behind the outbox for its calls to be stored: it sends what is stored when it begins.
    void this.delivery.run(mapping);
    void this.delivery.runHandover(mapping.then((result) => result?.delivered));
    const result = await mapping;
    if (!result) return undefined;
    const reported = this.reportDelivery(result);
    if (this.config.compatibility === "medusa-plugin-segment") await reported;
    return result;
  }

  /**
   * The input the mapping of an event would see, loaded as trackEvent loads it and redacted: a
   * fixture for the test kit. Throws TM_NO_MAPPING when no mapping handles the event.
   */
  async captureInput(event: SourceEvent, context: Context): Promise<CapturedInput> {
    const mappings = await this.ready();
    const mapping = mappings.forEvent(event.name);
    if (!mapping) {
      throw new TrackmapError("TM_NO_MAPPING", `no mapping handles "${event.name}"; mapped events: ${mappings.events.join(", ") || "none"}`);
    }
    return captureInput(mapping, event, this.config.recordLoader(context), this.config.options.redact);
  }

  // SEGMENT CALLS, written by hand

  track(params: CallParams<TrackCall>): Promise<SendOutcome> {
    return this.send({ ...params, type: "track" });
  }

  identify(params: CallParams<IdentifyCall>): Promise<SendOutcome> {
    return this.send({ ...params, type: "identify" });
  }

  group(params: CallParams<GroupCall>): Promise<SendOutcome> {
    return this.send({ ...params, type: "group" });
  }

  page(params: CallParams<PageCall>): Promise<SendOutcome> {
    return this.send({ ...params, type: "page" });
  }

  alias(params: CallParams<AliasCall>): Promise<SendOutcome> {
    return this.send({ ...params, type: "alias" });
  }

  // OUTBOX

  /** Calls pending, retrying, dead, and delivered (kept for `keep_delivered_hours`); undefined without the outbox. */
  async outboxCounts(): Promise<OutboxCounts | undefined> {
    return (await this.delivery.outbox())?.counts();
  }

  /**
   * Dead rows, newest first, with the reason of each: calls Segment refused or that failed
   * validation, and events whose mapping failed (their `event` set instead of `call`); `limit` after skipping `offset`.
   */
  async listDeadCalls(limit = 50, offset = 0): Promise<OutboxRecord[]> {
    return (await (await this.delivery.outbox())?.listDead(limit, offset)) ?? [];
  }

  /** Whether calls go through the outbox: "on", "off" (by option, a dry run, no database) or "unavailable" (its table missing). */
  outboxState(): Promise<HostStatus["outbox"]> {
    return this.delivery.outboxState();
  }

  /** Calls of every status, newest first, filtered and paged; undefined without the outbox. */
  async listOutboxCalls(query: OutboxCallQuery): Promise<OutboxCallPage | undefined> {
    return (await this.delivery.outbox())?.listCalls(query);
  }

  /** The counts, the calls delivered over the last day, and per minute over the last `chartHours`; undefined without the outbox. */
  async outboxFigures(chartHours = 3, now = new Date()): Promise<OutboxFigures | undefined> {
    return (await this.delivery.outbox())?.figures(now, chartHours);
  }

  /**
   * Sends dead calls again (those named by messageId, or all), and maps dead events again with the
   * mappings in force, as live events are (their records loaded with `context`, e.g. Medusa's
   * container; without it dead events are left as they are); returns how many went again. An event
   * that fails again stays dead with the new reason.
   */
  async resendDeadCalls(messageIds?: string[], context?: Context): Promise<number> {
    const outbox = await this.delivery.outbox();
    if (!outbox) return 0;
    return outbox.resend(messageIds, context === undefined ? undefined : (event) => this.remapDeadEvent(event, context));
  }

  /**
   * The outbox's rows that concern one entity (an order, a customer: the event's subject or a record
   * its mapping loaded), or any of several (a customer and their orders), newest first, `limit` from
   * `offset`; none without the outbox.
   */
  async listOutboxForEntity(entityIds: string | readonly string[], limit = 50, offset = 0): Promise<OutboxRecord[]> {
    return (await (await this.delivery.outbox())?.store.listForEntity(entityIds, limit, offset)) ?? [];
  }

  // STATUS

  /** The set-up as an operator sees it: the write key set or not, the outbox, the mappings in force and their warnings. */
  async status(): Promise<HostStatus> {
    const mappings = await this.mappings;
    return {
      writeKeySet: Boolean(this.config.options.writeKey),
      outbox: await this.outboxState(),
      mappingsLoaded: Boolean(mappings),
      events: (mappings?.events ?? []).map((event) => {
        const { file } = mappings!.forEvent(event)!;
        return { event, mapping: file.path, from: file.root === 0 ? "shipped" : "store", disabled: !this.enabled(event) };
      }),
      warnings: [...this.warnings],
    };
  }

  // HISTORY

  /**
   * Replays history into Segment (see runBackfill) through this runtime's mappings, record loader
   * and outbox, so that each historical call has the messageId of the live one. Rejects with
   * TM_BACKFILL_NO_OUTBOX without a usable outbox: exactly-once rests on it.
   */
  async backfill(context: Context, { integrations, ...options }: HostBackfillOptions): Promise<BackfillResult> {
    const outbox = await this.delivery.outbox();
    if (!outbox) {
      throw new TrackmapError(
        "TM_BACKFILL_NO_OUTBOX",
        `${this.config.packageName}: a backfill needs the outbox (a write key, the outbox on, its table migrated)`,
      );
    }
    const map = await this.backfillMapper(context, integrations);
    // close() stops it after the batch in hand: the checkpoint says where the next process resumes.
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    const destination = { drain: () => outbox.deliverDue(), reject: (call: SegmentCall, reason: string) => this.delivery.reject(call, reason) };
    const run = runBackfill({ ...options, signal, map, outbox: { store: outbox.store, destination } });
    const running = { stop, run };
    this.backfills.add(running);
    try {
      return await run;
    } finally {
      this.backfills.delete(running);
    }
  }

  /** A dry run of a backfill: the records, the calls and the time it would take, and its first calls. Stores and sends nothing. */
  async estimateBackfill(context: Context, { integrations, ...options }: HostEstimateOptions): Promise<BackfillEstimate> {
    return estimateBackfill({ ...options, map: await this.backfillMapper(context, integrations) });
  }

  private async backfillMapper(context: Context, integrations: JsonObject | undefined): Promise<BackfillMapper> {
    const mappings = await this.ready();
    return createBackfillMapper({
      mappings: { forEvent: (name) => (this.enabled(name) ? mappings.forEvent(name) : undefined) },
      loader: this.config.recordLoader(context),
      variables: this.config.variables,
      redact: this.config.options.redact,
      isolation: this.isolation,
      integrations,
    });
  }

  // LIFE

  /**
   * Logs what a store should know at start-up: the events mapped to Segment, a dry run, an outbox
   * without a database, and the host's own notes. Resolves once the outbox's check is done.
   */
  async logStart(): Promise<void> {
    await this.delivery.started;
    if (await this.mappings) logTrackedEvents(this.log, await this.trackedEvents());
    for (const note of [...(this.config.notes ?? []), ...this.delivery.notes()]) this.log.warn(note);
    const { captureInputs } = this.config.options;
    if (captureInputs) this.log.warn(`capture_inputs: each mapped event's input is written to ${captureInputs} (for development only)`);
  }

  /**
   * Lets the events being mapped finish, sends what is due, and stops. With the outbox, what could
   * not be sent in time stays stored, given back at once to the other processes. Safe to call more
   * than once. A process that exits on its own runs it before exiting.
   */
  close(options: { timeoutMs?: number } = {}): Promise<void> {
    this.closing ??= (async () => {
      for (const { stop } of this.backfills) stop.abort();
      await Promise.allSettled([...this.backfills].map(({ run }) => run));
      await this.lease.release(options.timeoutMs);
      // After the events in flight settled (the release waits for them): their workers are done.
      await this.mappings;
      await this.isolation?.close();
    })();
    return this.closing;
  }

  protected get delivery() {
    return this.lease.delivery;
  }

  /** Not turned off by the `disable` option. */
  private enabled(eventName: string): boolean {
    return !this.config.options.disable.includes(eventName);
  }

  private send(call: Record<string, unknown> & { type: string }): Promise<SendOutcome> {
    const neverReject = this.config.compatibility === "medusa-plugin-segment";
    return this.delivery.sendChecked(call, this.config.options.redact, { caller: `${this.config.serviceName ?? "trackmap"}.`, neverReject });
  }

  private async mapEvent(event: SourceEvent, context: Context): Promise<TrackResult | undefined> {
    if (!this.enabled(event.name)) return undefined;
    const mappings = await this.mappings;
    if (!mappings?.forEvent(event.name)) return undefined;
    this.tracker ??= new Tracker({
      mappings,
      destination: this.delivery,
      redact: this.config.options.redact,
      onError: (error) => this.log.warn(error.message),
      variables: this.config.variables,
      isolation: this.isolation,
    });
    const loader = this.config.recordLoader(context);
    const folder = this.config.options.captureInputs;
    if (!folder) return this.tracker.track(event, { loader });
    const recording = recordingLoader(loader);
    const result = await this.tracker.track(event, { loader: recording.loader });
    await this.writeInput(folder, event, recording.records);
    return result;
  }

  /** `capture_inputs`: a failure to write is logged, and the event goes on. */
  private async writeInput(folder: string, event: SourceEvent, records: Record<string, unknown>): Promise<void> {
    try {
      await writeFixtureInto(folder, event, fixtureOf(event, records, this.config.options.redact));
    } catch (error) {
      this.log.warn(`${event.name} ${describeEventData(event.data)}: capture_inputs: ${(error as Error)?.message ?? error}`);
    }
  }

  /** A dead event mapped again as a live one is; resolves once its calls are stored, true when it failed again. */
  private async remapDeadEvent(event: SourceEvent, context: Context): Promise<boolean> {
    const result = await this.trackEvent(event, context);
    if (!result) return true;
    await result.delivered;
    return result.failure !== undefined;
  }

  /** Waits until Segment took the event's calls, and logs those it did not with the event and the mapping. */
  private async reportDelivery(result: TrackResult): Promise<void> {
    for (const outcome of await result.delivered) {
      if (outcome.status !== "failed") continue;
      const call = outcome.call.type === "track" ? `track "${outcome.call.event}"` : outcome.call.type;
      this.log.error(
        `${result.event.name} ${describeEventData(result.event.data)}: ${call} not delivered: ${outcome.error.message} [mapping ${result.mapping}]`,
      );
    }
  }

  /** The shipped mappings and the store's; with isolation, the workers that map with them, started. */
  private async load(): Promise<MappingSet | undefined> {
    const { shippedMappings, options } = this.config;
    const log: HostLog = {
      ...this.log,
      warn: (message) => {
        this.warnings.push(message);
        this.log.warn(message);
      },
    };
    try {
      const loaded = this.config.loadedMappings ?? (await loadHostMappings(shippedMappings, options));
      logWarnings(loaded.diagnostics, log);
      if (options.evaluation) {
        this.isolation = await createIsolatedMapper({
          mappings: hostMappingRoots(shippedMappings, options),
          limits: options.limits,
          budget: options.evaluation,
          loaded,
        });
      }
      this.loaded = loaded.mappings;
      return this.loaded;
    } catch (error) {
      this.log.error((error as Error)?.message ?? String(error));
      return undefined;
    }
  }
}

/** The start-up line that says which events go to Segment. */
export function logTrackedEvents(log: HostLog, events: readonly string[]): void {
  log.info(events.length ? `${events.length} event(s) mapped to Segment: ${events.join(", ")}` : "no event is mapped to Segment (all disabled)");
}
