import { Analytics, type Context, type TrackParams } from "@segment/analytics-node";
import type { SegmentCall } from "../calls/segmentCall";
import { TrackmapError } from "../diagnostics/trackmapError";
import type { DeliveryFailure, DeliveryFailureListener, DeliveryOutcome, Destination } from "./destination";

/**
 * Delivers calls to Segment through the official `@segment/analytics-node` client,
 * which batches, retries (5xx, 408, 410, 429, 460) and drops after `maxRetries`.
 *
 * `send` resolves once the client reports the call's fate (its per-call callback),
 * so awaiting it means "delivered or given up", and `close` flushes what is queued:
 * nothing is silently lost at shutdown, unlike medusa-plugin-segment.
 */

// TYPES

export interface SegmentDestinationOptions {
  /** The source's write key; required. It never appears in errors, outcomes or logs. */
  writeKey: string;
  /** Base URL of the API, default `https://api.segment.io` (e.g. a local test server's `url`). */
  host?: string;
  /** API path, default `/v1/batch`. */
  path?: string;
  /** Calls per batch before sending (client default 15; 1 sends each call at once). */
  flushAt?: number;
  /** Milliseconds before a partial batch is sent (client default 10 000). */
  flushInterval?: number;
  /** Retries of a failed batch before its calls are dropped (client default 10). */
  maxRetries?: number;
  /** Timeout of one HTTP request in milliseconds (client default 10 000). */
  httpRequestTimeout?: number;
  /** Told once about each call that could not be delivered. */
  onFailure?: DeliveryFailureListener;
}

/** Thrown by `createSegmentDestination` for a missing write key or an invalid option. */
export class DestinationConfigError extends TrackmapError {
  /** The option at fault, e.g. `writeKey`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super("TM_INVALID_OPTIONS", message);
    this.name = "DestinationConfigError";
    this.option = option;
  }
}

// CONSTANTS

const REDACTED = "[redacted]";

// MAIN

export function createSegmentDestination(options: SegmentDestinationOptions): Destination {
  const writeKey = readWriteKey(options);
  const redact = createRedactor(writeKey);
  const analytics = new Analytics({
    writeKey,
    host: options.host,
    path: options.path,
    flushAt: readCount(options, "flushAt", 1),
    flushInterval: readCount(options, "flushInterval", 0),
    maxRetries: readCount(options, "maxRetries", 0),
    httpRequestTimeout: readCount(options, "httpRequestTimeout", 1),
  });

  // Calls handed to the client whose fate is not known yet.
  const pending = new Set<PendingSend>();
  // The client reports a failure twice (callback, then 'error' event); this dedupes by its context.
  const sendsByContext = new WeakMap<Context, PendingSend>();
  let lastUnexpectedError: unknown;
  let closing: Promise<void> | undefined;

  function settle(send: PendingSend, reason: unknown | undefined, ctx?: Context): void {
    if (send.settled) return;
    send.settled = true;
    pending.delete(send);
    if (reason === undefined) {
      send.resolve({ status: "delivered", call: send.call });
      return;
    }
    const failure: DeliveryFailure = {
      code: "delivery_failure",
      message: redact(`Segment delivery failed: ${describeReason(reason)}`),
    };
    if (isPermanent(reason, ctx)) failure.permanent = true;
    const messageId = send.call.messageId ?? ctx?.event.messageId;
    if (messageId !== undefined) failure.messageId = messageId;
    notify(options.onFailure, failure, send.call);
    send.resolve({ status: "failed", call: send.call, error: failure });
  }

  analytics.on("error", (error) => {
    if (error.code === "delivery_failure" && error.ctx) {
      // Normally already settled by the callback, which the client fires first.
      const send = sendsByContext.get(error.ctx);
      if (send) settle(send, error.reason ?? "unknown reason", error.ctx);
      return;
    }
    // An unexpected client error carries no context: remember it for the calls it orphans (see 'drained').
    lastUnexpectedError = error.reason ?? error.code;
  });

  // 'drained' means every dispatched call has run its course; one still pending never got its callback.
  analytics.on("drained", () => {
    for (const send of [...pending]) {
      settle(send, lastUnexpectedError ?? "the Segment client finished without reporting the call's fate");
    }
  });

  return {
    name: "segment",

    send(call) {
      if (closing) return Promise.resolve(failClosed(call, options.onFailure));
      return new Promise<DeliveryOutcome>((resolve) => {
        const send: PendingSend = { call, resolve, settled: false };
        pending.add(send);
        const callback = (err: unknown, ctx?: Context) => {
          if (ctx) sendsByContext.set(ctx, send);
          // The context's own failure mark is the authority: a failure may come with an empty reason.
          const failed = ctx?.failedDelivery();
          settle(send, failed ? (failed.reason ?? err ?? "unknown reason") : (err ?? undefined), ctx);
        };
        try {
          dispatchCall(analytics, call, callback);
        } catch (error) {
          // The client validates synchronously (e.g. no userId/anonymousId) and throws.
          settle(send, error);
        }
      });
    },

    close({ timeoutMs } = {}) {
      closing ??= analytics
        .closeAndFlush(timeoutMs === undefined ? {} : { timeout: timeoutMs })
        .catch(() => undefined)
        .then(() => {
          // On timeout the client abandons what is in flight: report it rather than leave it hanging.
          for (const send of [...pending]) settle(send, "not delivered before the destination closed (timeout)");
        });
      return closing;
    },
  };
}

// HELPERS

interface PendingSend {
  call: SegmentCall;
  resolve: (outcome: DeliveryOutcome) => void;
  settled: boolean;
}

type ClientCallback = (err: unknown, ctx?: Context) => void;

/** Hands a call to the matching client method with Segment's field names. */
function dispatchCall(analytics: Analytics, original: SegmentCall, callback: ClientCallback): void {
  // A copy, because the client writes into the objects it gets (context.library, _metadata).
  const call = structuredClone(original);
  // The client accepts ISO strings as they are (Timestamp = Date | string) and sends them unchanged,
  // which keeps the original precision and offset; no conversion to Date is needed.
  const common = {
    context: call.context,
    // Typed by the client as booleans or objects per destination; Segment itself passes any value on.
    integrations: call.integrations as TrackParams["integrations"],
    timestamp: call.timestamp,
    messageId: call.messageId,
  };
  // The client's types demand userId or anonymousId; the check at run time is the client's own.
  const identity = { userId: call.userId, anonymousId: call.anonymousId } as { userId: string; anonymousId?: string };
  switch (call.type) {
    case "track":
      analytics.track({ ...common, ...identity, event: call.event, properties: call.properties }, callback);
      return;
    case "identify":
      analytics.identify({ ...common, ...identity, traits: call.traits }, callback);
      return;
    case "group":
      analytics.group({ ...common, ...identity, groupId: call.groupId, traits: call.traits }, callback);
      return;
    case "page":
      analytics.page({ ...common, ...identity, name: call.name, category: call.category, properties: call.properties }, callback);
      return;
    case "alias":
      // An alias has no anonymousId in the client; userId is the new id, previousId the old one.
      analytics.alias({ ...common, userId: call.userId as string, previousId: call.previousId }, callback);
      return;
    default: {
      const unknown: { type?: unknown } = call;
      throw new Error(`unknown call type ${JSON.stringify(unknown.type)}`);
    }
  }
}

function readWriteKey(options: SegmentDestinationOptions): string {
  const writeKey: unknown = options?.writeKey;
  if (typeof writeKey !== "string" || writeKey.trim() === "") {
    throw new DestinationConfigError(
      "writeKey",
      "createSegmentDestination needs `writeKey`: the write key of a Segment source (a non-empty string).",
    );
  }
  return writeKey;
}

/** Checks a numeric option early, where the error can name it, instead of misbehaving later. */
function readCount(
  options: SegmentDestinationOptions,
  name: "flushAt" | "flushInterval" | "maxRetries" | "httpRequestTimeout",
  minimum: number,
): number | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < minimum) {
    throw new DestinationConfigError(name, `createSegmentDestination: \`${name}\` must be an integer ≥ ${minimum}.`);
  }
  return value;
}

/**
 * Returns a function removing the write key from text: as is, URL-encoded, and in the
 * base64 forms a Basic auth header would carry (`key:` and `key`).
 */
function createRedactor(writeKey: string): (text: string) => string {
  const forms = [writeKey, encodeURIComponent(writeKey), Buffer.from(`${writeKey}:`).toString("base64"), Buffer.from(writeKey).toString("base64")];
  // Longest first, so a form containing another is replaced whole.
  const unique = [...new Set(forms)].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
  return (text) => unique.reduce((result, form) => result.split(form).join(REDACTED), text);
}

/**
 * Segment answers 400 (or 413) to a call it will never accept; the client retries 408, 410,
 * 429, 460 and 5xx. Its errors read "[400] Bad Request". A call the client throws on before
 * sending (no ctx) is invalid too.
 */
function isPermanent(reason: unknown, ctx: Context | undefined): boolean {
  if (!ctx) return reason instanceof Error && !/fetch|network|ECONN|timeout/i.test(reason.message);
  const status = /\[(\d{3})\]/.exec(describeReason(reason))?.[1];
  return status === "400" || status === "413";
}

/** A readable reason, with the cause of network errors ("fetch failed" alone says little). */
function describeReason(reason: unknown): string {
  if (reason instanceof Error) {
    const cause = reason.cause instanceof Error ? reason.cause.message : undefined;
    return cause && !reason.message.includes(cause) ? `${reason.message} (${cause})` : reason.message;
  }
  if (typeof reason === "string") return reason;
  try {
    return JSON.stringify(reason);
  } catch {
    return String(reason);
  }
}

function failClosed(call: SegmentCall, onFailure: DeliveryFailureListener | undefined): DeliveryOutcome {
  const failure: DeliveryFailure = {
    code: "destination_closed",
    message: "The Segment destination is closed; the call was not sent.",
  };
  if (call.messageId !== undefined) failure.messageId = call.messageId;
  notify(onFailure, failure, call);
  return { status: "failed", call, error: failure };
}

/** A throwing listener must not break delivery of other calls (it runs inside the client's emitter). */
function notify(listener: DeliveryFailureListener | undefined, failure: DeliveryFailure, call: SegmentCall): void {
  if (!listener) return;
  try {
    listener(failure, call);
  } catch {
    // Ignored on purpose: the outcome still carries the failure.
  }
}
