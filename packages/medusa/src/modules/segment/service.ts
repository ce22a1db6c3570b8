import type { Knex } from "@medusajs/framework/mikro-orm/knex";
import type { Logger, MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import {
  describeEventData,
  Tracker,
  type AliasCall,
  type OutboxCounts,
  type OutboxRecord,
  type GroupCall,
  type IdentifyCall,
  type MappingSet,
  type PageCall,
  type RecordLoader,
  type SourceEvent,
  type TrackCall,
  type TrackResult,
} from "@trackmap/core";
import { resolveOptions, type ResolvedOptions, type TrackmapPluginOptions } from "./options";
import { acquireDelivery, type DeliveryLease } from "./sharedDelivery";

type InjectedDependencies = {
  logger: Logger;
  trackmapMappings: MappingSet;
  /** The store's database (Medusa's shared connection), home of the outbox. */
  __pg_connection__: Knex;
};

/** A call as Segment's libraries take it: the fields of the call, without `type`. */
type Params<T> = Omit<T, "type">;

/**
 * `container.resolve("segmentService")`: the name Medusa v1's medusa-plugin-segment
 * used. It runs the mappings for events and sends hand-written calls, all through the
 * same redaction, validation and delivery.
 */
export default class SegmentService {
  private readonly logger: Logger;
  private readonly options: ResolvedOptions;
  /** The process's delivery (outbox, Segment client, close on exit), shared with the Analytics Module provider. */
  private readonly lease: DeliveryLease;
  private readonly tracker: Tracker;

  constructor(dependencies: InjectedDependencies, rawOptions: TrackmapPluginOptions) {
    const { logger, trackmapMappings } = dependencies;
    this.logger = logger;
    this.options = resolveOptions(rawOptions);
    this.lease = acquireDelivery(this.options, { logger, connection: dependencies.__pg_connection__ });
    this.tracker = new Tracker({
      mappings: trackmapMappings,
      destination: this.lease.delivery.destination,
      redact: this.options.redact,
      onError: (error) => logger.warn(`[trackmap] ${error.message}`),
      variables: this.options.reporting ? { reporting: this.options.reporting } : undefined,
    });
  }

  // MAPPINGS

  /** Whether an event is mapped (and not disabled). */
  handles(eventName: string): boolean {
    return !this.options.disable.includes(eventName) && this.tracker.handles(eventName);
  }

  /**
   * Runs the mapping of an event: loads what it declares with Medusa's Query, evaluates,
   * validates and sends. Never throws: failures are logged with the event and the
   * mapping file. A subscriber for a custom event is one line:
   *
   *     await container.resolve("segmentService").trackEvent(event, container)
   */
  async trackEvent(event: SourceEvent, container: MedusaContainer): Promise<TrackResult | undefined> {
    if (!this.handles(event.name)) return undefined;
    const work = this.tracker.track(event, { loader: queryLoader(container) }).catch((error) => {
      // Ids only: event.data may be a whole entity (personal data, secrets), circular or holding BigInts.
      this.logger.error(`[trackmap] ${event.name} ${describeEventData(event.data)}: unexpected failure: ${(error as Error)?.stack ?? error}`);
      return undefined;
    });
    return this.lease.delivery.run(() => work);
  }

  // SEGMENT CALLS

  track(params: Params<TrackCall>): Promise<void> {
    return this.send({ ...params, type: "track" });
  }

  identify(params: Params<IdentifyCall>): Promise<void> {
    return this.send({ ...params, type: "identify" });
  }

  group(params: Params<GroupCall>): Promise<void> {
    return this.send({ ...params, type: "group" });
  }

  page(params: Params<PageCall>): Promise<void> {
    return this.send({ ...params, type: "page" });
  }

  alias(params: Params<AliasCall>): Promise<void> {
    return this.send({ ...params, type: "alias" });
  }

  // OUTBOX

  /** Calls pending, retrying, dead, and delivered (kept for `keep_delivered_hours`); undefined without the outbox. */
  async outboxCounts(): Promise<OutboxCounts | undefined> {
    return this.lease.delivery.outbox?.counts();
  }

  /** Calls Segment refused or that failed validation, newest first, with the reason of each. */
  async listDeadCalls(limit = 50): Promise<OutboxRecord[]> {
    return this.lease.delivery.outbox?.listDead(limit) ?? [];
  }

  /** Sends dead calls again (those named by messageId, or all); returns how many were put back. */
  async resendDeadCalls(messageIds?: string[]): Promise<number> {
    const { outbox, destination } = this.lease.delivery;
    return outbox ? outbox.resend(messageIds, destination) : 0;
  }

  /**
   * Lets the events being mapped finish, sends what is due, and stops; Medusa calls it at
   * shutdown, and a process that exits on its own (`medusa exec`) runs it before exiting. With
   * the outbox, what could not be sent in time stays stored, given back to the other processes.
   * Safe to call more than once.
   */
  close(): Promise<void> {
    return this.lease.release();
  }

  __hooks = {
    onApplicationShutdown: async () => this.close(),
  };

  private send(call: Record<string, unknown> & { type: string }): Promise<void> {
    return this.lease.delivery.sendChecked(call, this.options.redact, "segmentService.");
  }
}

/** Loads a record a mapping declares, with the fields it asks for. */
function queryLoader(container: MedusaContainer): RecordLoader {
  const query = container.resolve(ContainerRegistrationKeys.QUERY);
  return async ({ entity, id, fields }) => {
    const { data } = await query.graph({ entity, fields: fields.length ? fields : ["*"], filters: { id } });
    return data[0] ?? null;
  };
}
