import {
  createPostgresOutboxStore,
  HostOutbox,
  Tracker,
  TrackmapError,
  describeEventData,
  loadHostMappings,
  type AliasCall,
  type Destination,
  type GroupCall,
  type IdentifyCall,
  type MappingSet,
  type OutboxCounts,
  type OutboxDestination,
  type OutboxRecord,
  type PageCall,
  type SourceEvent,
  type TrackCall,
  type TrackResult,
} from "@trackmap/core";
import { createDestination, MIGRATE_COMMAND, trackmapLog } from "../lib/createDestination";
import { typeormSqlClient, type V1EntityManager } from "../lib/typeormSqlClient";
import { defaultMappingsFolder } from "../lib/defaultMappingsFolder";
import { createV1RecordLoader, type V1Container } from "../lib/loadV1Record";
import { PREFIX, type Logger } from "../lib/logger";
import { resolveOptions, type ResolvedOptions, type SegmentPluginOptions } from "../lib/options";
import { sendCheckedCall, type SendOutcome } from "../lib/sendCheckedCall";

/** A call as Segment's libraries take it: the fields of the call, without `type`. */
type Params<T> = Omit<T, "type">;

/**
 * `container.resolve("segmentService")`, as with medusa-plugin-segment: `track` and `identify`
 * (and `group`, `page`, `alias`) for custom subscribers, and `trackEvent` to run the mappings
 * for any event. Mapped and hand-written calls go through the same redaction, validation and
 * delivery (`@trackmap/core`).
 */
export default class SegmentService {
  /** One instance per process (Medusa v1 would make one per request scope): one Segment client and queue. */
  static LIFE_TIME = "SINGLETON";

  private readonly logger: Logger;
  private readonly options: ResolvedOptions;
  /** Where calls go, made on first use: see start(). */
  private sending?: Destination | OutboxDestination;
  /** The durable outbox, unless it is off, the plugin runs dry, no database was given, or its table is missing. */
  private outbox?: HostOutbox;
  /** The outbox is on, but Medusa gave no database connection to keep it in. */
  private readonly withoutDatabase: boolean;
  private readonly mappings: Promise<MappingSet | undefined>;
  private tracker?: Tracker;
  /** Events being mapped, and calls being stored in the outbox, so that close() waits for them (see waitAtClose). */
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing?: Promise<void>;

  /** `manager` is Medusa v1's database connection (TypeORM), home of the outbox. */
  constructor(dependencies: { logger: Logger; manager?: V1EntityManager }, rawOptions: SegmentPluginOptions) {
    const { logger } = dependencies;
    this.logger = logger;
    this.options = resolveOptions(rawOptions);
    // Read only when needed: resolving it is what connects.
    const manager = this.options.outbox ? dependencies.manager : undefined;
    this.withoutDatabase = Boolean(this.options.outbox && !manager);
    if (this.options.outbox && manager) {
      this.outbox = new HostOutbox(createPostgresOutboxStore(typeormSqlClient(manager)), this.options.outbox, trackmapLog(logger));
    }
    this.mappings = this.loadMappings();
  }

  // MAPPINGS

  /**
   * Resolves once the mappings are loaded and checked; rejects with every problem as
   * file:line:col when one is broken (the plugin then sends no mapped events).
   */
  async ready(): Promise<MappingSet> {
    const mappings = await this.mappings;
    if (!mappings) throw new TrackmapError("TM_INVALID_MAPPINGS", "@trackmap/medusa-v1: the mappings could not be loaded (see the errors logged at start-up)");
    return mappings;
  }

  /** The events the mappings handle (minus the disabled ones). */
  async trackedEvents(): Promise<string[]> {
    const mappings = await this.mappings;
    return (mappings?.events ?? []).filter((event) => !this.options.disable.includes(event));
  }

  /**
   * Runs the mapping of an event: loads what it declares with Medusa v1's services, evaluates,
   * validates, sends, and waits until Segment took the calls (or they failed). Never throws:
   * failures are logged with the event and the mapping file. A subscriber for another event is
   * one line:
   *
   *     await container.resolve("segmentService").trackEvent({ name: "loyalty.points_earned", data }, container)
   */
  async trackEvent(event: SourceEvent, container: V1Container): Promise<TrackResult | undefined> {
    const mapping = this.mapEvent(event, container).catch((error: unknown) => {
      this.logger.error(`${PREFIX} ${event.name} ${describeEventData(event.data)}: unexpected failure: ${(error as Error)?.stack ?? error}`);
      return undefined;
    });
    // Behind the outbox, close() also waits for the calls to be stored: it sends what is stored when it begins.
    this.waitAtClose(this.outbox ? mapping.then(async (result) => void (await result?.delivered)) : mapping);
    const result = await mapping;
    if (result) await this.reportDelivery(result);
    return result;
  }

  /**
   * Called at start-up (the plugin's loader): checks that the outbox's table is there, then starts
   * delivering, so that the outbox's poller sends what earlier processes left. When the table is
   * missing (`medusa migrations run` has not run since the plugin was installed), says so in one
   * line and sends directly for the rest of this process, rather than failing on the table at
   * every call and every poll.
   */
  async start(): Promise<void> {
    const outbox = this.outbox;
    if (outbox && !(await outbox.checkStore(MIGRATE_COMMAND))) {
      this.outbox = undefined;
      // A destination already in use (a call sent before this check) would poll the missing table.
      const unusable = this.sending;
      this.sending = undefined;
      this.tracker = undefined;
      await Promise.all([unusable?.close({ timeoutMs: 1_000 }), outbox.stop()]);
    }
    // Made now, not at the first call: the outbox's poller starts.
    void this.destination;
  }

  /** What a store should know at start-up: a dry run, options that do nothing any more. */
  startupNotes(): string[] {
    const notes = this.options.ignored.map((option) => `option "${option}" is ignored: exchange rates come from the exchange_rates option, never from the network`);
    if (!this.options.writeKey) notes.push("no write_key: dry run, the Segment calls are logged, not sent");
    else if (this.withoutDatabase) notes.push("no database connection (`manager`) given: the outbox is off, calls are queued in memory only");
    return notes;
  }

  // SEGMENT CALLS

  track(params: Params<TrackCall>): Promise<SendOutcome> {
    return this.send({ ...params, type: "track" });
  }

  identify(params: Params<IdentifyCall>): Promise<SendOutcome> {
    return this.send({ ...params, type: "identify" });
  }

  group(params: Params<GroupCall>): Promise<SendOutcome> {
    return this.send({ ...params, type: "group" });
  }

  page(params: Params<PageCall>): Promise<SendOutcome> {
    return this.send({ ...params, type: "page" });
  }

  alias(params: Params<AliasCall>): Promise<SendOutcome> {
    return this.send({ ...params, type: "alias" });
  }

  // OUTBOX

  /** Calls pending, retrying, dead, and delivered (kept for `keep_delivered_hours`); undefined without the outbox. */
  async outboxCounts(): Promise<OutboxCounts | undefined> {
    return this.outbox?.counts();
  }

  /** Calls Segment refused or that failed validation, newest first, with the reason of each. */
  async listDeadCalls(limit = 50): Promise<OutboxRecord[]> {
    return this.outbox ? this.outbox.listDead(limit) : [];
  }

  /** Sends dead calls again (those named by messageId, or all); returns how many were put back. */
  async resendDeadCalls(messageIds?: string[]): Promise<number> {
    return this.outbox ? this.outbox.resend(messageIds, this.destination) : 0;
  }

  /**
   * Lets the events being mapped finish, sends what is due, and stops. With the outbox, what
   * could not be sent in time stays stored for the next process. Safe to call twice.
   */
  close(options: { timeoutMs?: number } = {}): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled(this.inFlight);
      await this.sending?.close({ timeoutMs: options.timeoutMs ?? 10_000 });
      await this.outbox?.stop();
    })();
    return this.closing;
  }

  // HELPERS

  private get destination(): Destination | OutboxDestination {
    this.sending ??= createDestination(this.options, this.logger, this.outbox?.store);
    return this.sending;
  }

  /** Loads, evaluates, validates and hands the calls to the destination. */
  private async mapEvent(event: SourceEvent, container: V1Container): Promise<TrackResult | undefined> {
    if (this.options.disable.includes(event.name)) return undefined;
    const mappings = await this.mappings;
    if (!mappings?.forEvent(event.name)) return undefined;
    this.tracker ??= new Tracker({
      mappings,
      destination: this.destination,
      redact: this.options.redact,
      onError: (error) => this.logger.warn(`${PREFIX} ${error.message}`),
      variables: { reporting: this.options.reporting, plugin: this.options.plugin },
    });
    return this.tracker.track(event, { loader: createV1RecordLoader(container) });
  }

  /** Waits until Segment took the event's calls, and logs those it did not with the event and the mapping. */
  private async reportDelivery(result: TrackResult): Promise<void> {
    for (const outcome of await result.delivered) {
      if (outcome.status !== "failed") continue;
      const call = outcome.call.type === "track" ? `track "${outcome.call.event}"` : outcome.call.type;
      this.logger.error(
        `${PREFIX} ${result.event.name} ${describeEventData(result.event.data)}: ${call} not delivered: ${outcome.error.message} [mapping ${result.mapping}]`,
      );
    }
  }

  private async loadMappings(): Promise<MappingSet | undefined> {
    try {
      return await loadHostMappings(defaultMappingsFolder(), this.options, trackmapLog(this.logger));
    } catch (error) {
      this.logger.error(`${PREFIX} ${(error as Error)?.message ?? error}`);
      return undefined;
    }
  }

  private send(call: Record<string, unknown> & { type: string }): Promise<SendOutcome> {
    const outcome = sendCheckedCall(this.destination, call, this.options.redact, (message) => this.logger.warn(`${PREFIX} ${message}`));
    if (this.outbox) this.waitAtClose(outcome);
    return outcome;
  }

  /**
   * close() waits for `work` before it closes the destination. Only for work that ends without
   * close(): events being mapped, calls being stored in the outbox; not delivery by the Segment
   * client alone, which close() brings about.
   */
  private waitAtClose(work: Promise<unknown>): void {
    this.inFlight.add(work);
    const done = () => void this.inFlight.delete(work);
    work.then(done, done);
  }
}

export type { SegmentPluginOptions };
