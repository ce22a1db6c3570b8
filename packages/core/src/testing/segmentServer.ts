import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { gunzipSync } from "node:zlib";

/**
 * A local stand-in for Segment's HTTP Tracking API, for tests and demos.
 *
 * It is a real HTTP server on 127.0.0.1, so the real `@segment/analytics-node` client
 * (or any other Segment library, or curl) can be pointed at it with `host: server.url`.
 * It behaves like Segment where that matters to a sender:
 *
 * - `POST /v1/batch` (or its alias `/v1/import`) with `{ batch: [...], context?, integrations?, writeKey?, sentAt? }`;
 *   the single-message endpoints `POST /v1/{track,identify,group,page,screen,alias}` too.
 * - Basic auth with the write key as user name and an empty password; a request
 *   without it (or with a key outside `acceptWriteKeys`) gets 401.
 * - 400 for a body that is not JSON, a message over 32 KB, a batch over 500 KB.
 * - 200 `{}` otherwise: like Segment, it does not judge the content of messages.
 *
 * Everything accepted is recorded (`batches`, `messages`, `writeKeys`), every request
 * too (`requests`, including rejected and faulted ones), and `setFault` makes the next
 * requests fail on purpose to exercise retries.
 *
 * @example
 * const server = await startSegmentServer();
 * const analytics = new Analytics({ writeKey: "wk", host: server.url, flushAt: 1 });
 * analytics.track({ userId: "u1", event: "Order Completed" });
 * const [message] = await server.waitForMessages(1);
 * await analytics.closeAndFlush();
 * await server.close();
 */

// TYPES

export type SegmentMessage = { type: string; messageId?: string; [key: string]: unknown };

export interface ReceivedBatch {
  /** Request path, e.g. `/v1/batch` or `/v1/track`. */
  path: string;
  writeKey: string;
  /** Where the write key came from: the Authorization header, or the body (`acceptWriteKeyInBody`). */
  auth: "basic" | "body";
  /** `sentAt` as sent (a string), if any. */
  sentAt?: string;
  receivedAt: Date;
  headers: IncomingHttpHeaders;
  /** The messages, after merging the batch-level `context` and `integrations` into each. */
  messages: SegmentMessage[];
}

/** Every request that reached the server, whatever the answer. */
export interface ReceivedRequest {
  method: string;
  path: string;
  status: number;
  headers: IncomingHttpHeaders;
  receivedAt: Date;
  /** Why the server did not answer 200, e.g. "fault injected" or "missing Basic auth". */
  rejection?: string;
}

/** A failure to simulate on the next requests (see `setFault`). */
export interface SegmentServerFault {
  /** Status to answer with, e.g. 500 (the default, unless the fault is only a `delayMs`), 503, 429, 400. Ignored when `dropConnection` is set. */
  status?: number;
  /** How many requests fail before the server recovers; unlimited when absent. */
  times?: number;
  /** Reason phrase of the status line (clients often put it in their error message). */
  statusText?: string;
  /** Extra response headers, e.g. `{ "Retry-After": "1" }` with a 429. */
  headers?: Record<string, string>;
  /** Response body (JSON-encoded); `{ code, message }` by default. */
  body?: unknown;
  /** Destroy the socket without answering, as a network failure would. */
  dropConnection?: boolean;
  /**
   * Wait this long before answering, as an overloaded server would. Alone, the request is then
   * handled as usual (a slow success); with `status` or `dropConnection`, a slow failure.
   */
  delayMs?: number;
}

export interface SegmentServerOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** A fault active from the start (same as calling `setFault` at once). */
  failWith?: SegmentServerFault;
  /** When given, only these write keys are accepted; others get 401. */
  acceptWriteKeys?: readonly string[];
  /** Accept `writeKey` in the JSON body when there is no Basic auth (Segment does). Default false. */
  acceptWriteKeyInBody?: boolean;
}

export interface SegmentServer {
  /** Base URL to pass as analytics-node's `host`, e.g. `http://127.0.0.1:53121`. */
  readonly url: string;
  readonly port: number;
  /** Accepted batches, in arrival order (single-message requests count as a batch of one). */
  readonly batches: readonly ReceivedBatch[];
  /** Accepted messages, in arrival order, across batches. */
  readonly messages: readonly SegmentMessage[];
  /** Distinct write keys of accepted requests, in order of first appearance. */
  readonly writeKeys: readonly string[];
  /** Every request, including rejected and faulted ones (useful to count retries). */
  readonly requests: readonly ReceivedRequest[];
  /** Resolves with the messages once at least `count` were accepted; rejects after `timeoutMs` (default 5000). */
  waitForMessages(count: number, timeoutMs?: number): Promise<SegmentMessage[]>;
  /** Resolves once at least `count` requests arrived (whatever the answer); rejects after `timeoutMs`. */
  waitForRequests(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  setFault(fault: SegmentServerFault): void;
  clearFault(): void;
  /** Forgets everything recorded and clears the fault; the server keeps running on the same port. */
  reset(): void;
  /** Stops the server, dropping open connections; pending waits reject. Safe to call twice. */
  close(): Promise<void>;
}

// CONSTANTS

// Segment's documented limits.
const MAX_MESSAGE_BYTES = 32 * 1024;
const MAX_BATCH_BYTES = 500 * 1024;
// Reading stops here so a runaway client cannot fill the test process's memory.
const MAX_BODY_BYTES = 4 * MAX_BATCH_BYTES;
const SINGLE_MESSAGE_TYPES = ["track", "identify", "group", "page", "screen", "alias"];
const DEFAULT_WAIT_MS = 5_000;

// MAIN

export async function startSegmentServer(options: SegmentServerOptions = {}): Promise<SegmentServer> {
  const batches: ReceivedBatch[] = [];
  const messages: SegmentMessage[] = [];
  const writeKeys: string[] = [];
  const requests: ReceivedRequest[] = [];
  const waiters = new Set<Waiter>();
  const sockets = new Set<Socket>();
  let fault: SegmentServerFault | undefined = options.failWith ? { ...options.failWith } : undefined;
  let closing: Promise<void> | undefined;

  const server = createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      // A bug here must show up as a 500 in the client, not as a hung request.
      answer(res, 500, { code: "server_error", message: describeError(error) });
    });
  });
  // Tracked so close() can end keep-alive connections that the client's fetch holds open.
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const request: ReceivedRequest = {
      method: req.method ?? "GET",
      path,
      status: 0,
      headers: req.headers,
      receivedAt: new Date(),
    };
    const reply = (status: number, body: unknown, rejection?: string, headers?: Record<string, string>, statusText?: string) => {
      request.status = status;
      if (rejection) request.rejection = rejection;
      record(request);
      answer(res, status, body, headers, statusText);
    };

    const singleType = /^\/v1\/([a-z]+)$/.exec(path)?.[1];
    const isBatch = path === "/v1/batch" || path === "/v1/import";
    if (!isBatch && !(singleType && SINGLE_MESSAGE_TYPES.includes(singleType))) {
      return reply(404, { code: "not_found", message: `No endpoint ${path}` }, "unknown path");
    }
    if (req.method !== "POST") {
      return reply(405, { code: "method_not_allowed", message: "Use POST" }, "not a POST");
    }

    // The fault applies before anything else, as an outage or overload would.
    const activeFault = takeFault();
    if (activeFault?.delayMs) await new Promise((resolve) => setTimeout(resolve, activeFault.delayMs));
    if (activeFault && !isDelayOnly(activeFault)) {
      if (activeFault.dropConnection) {
        request.rejection = "fault injected: connection dropped";
        record(request);
        req.socket.destroy();
        return;
      }
      const status = activeFault.status ?? 500;
      const body = activeFault.body ?? { code: "fault_injected", message: `Injected failure (${status})` };
      return reply(status, body, `fault injected: ${status}`, activeFault.headers, activeFault.statusText);
    }

    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (error) {
      return reply(400, { code: "invalid_request", message: describeError(error) }, describeError(error));
    }

    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      return reply(400, { code: "invalid_request", message: "Body is not valid JSON" }, "body is not JSON");
    }
    if (!isObject(body)) {
      return reply(400, { code: "invalid_request", message: "Body must be a JSON object" }, "body is not an object");
    }

    const credentials = readWriteKey(req.headers, body);
    if (!credentials) {
      return reply(401, { code: "unauthorized", message: "Missing Basic auth with the write key" }, "missing auth");
    }
    if (options.acceptWriteKeys && !options.acceptWriteKeys.includes(credentials.writeKey)) {
      return reply(401, { code: "unauthorized", message: "Unknown write key" }, "unknown write key");
    }

    const parsed = isBatch ? readBatch(body) : readSingle(body, singleType as string);
    if (typeof parsed === "string") {
      return reply(400, { code: "invalid_request", message: parsed }, parsed);
    }
    if (raw.length > MAX_BATCH_BYTES) {
      return reply(400, { code: "invalid_request", message: "Batch exceeds 500 KB" }, "batch over 500 KB");
    }
    const oversized = parsed.findIndex((m) => Buffer.byteLength(JSON.stringify(m)) > MAX_MESSAGE_BYTES);
    if (oversized !== -1) {
      const message = `Message ${oversized} exceeds 32 KB`;
      return reply(400, { code: "invalid_request", message }, message);
    }

    const batch: ReceivedBatch = {
      path,
      writeKey: credentials.writeKey,
      auth: credentials.auth,
      receivedAt: request.receivedAt,
      headers: req.headers,
      messages: parsed.map((m) => mergeBatchFields(m, body)),
    };
    if (typeof body.sentAt === "string") batch.sentAt = body.sentAt;
    batches.push(batch);
    messages.push(...batch.messages);
    if (!writeKeys.includes(batch.writeKey)) writeKeys.push(batch.writeKey);
    reply(200, {});
  }

  function readWriteKey(headers: IncomingHttpHeaders, body: Record<string, unknown>): { writeKey: string; auth: "basic" | "body" } | undefined {
    const match = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? "");
    if (match?.[1]) {
      const decoded = Buffer.from(match[1], "base64").toString("utf8");
      // User name = write key; the password is empty, so the colon may be the last character.
      const separator = decoded.indexOf(":");
      const writeKey = separator === -1 ? decoded : decoded.slice(0, separator);
      if (writeKey) return { writeKey, auth: "basic" };
    }
    if (options.acceptWriteKeyInBody && typeof body.writeKey === "string" && body.writeKey) {
      return { writeKey: body.writeKey, auth: "body" };
    }
    return undefined;
  }

  function takeFault(): SegmentServerFault | undefined {
    if (!fault) return undefined;
    const current = fault;
    if (current.times !== undefined) {
      if (current.times <= 0) {
        fault = undefined;
        return undefined;
      }
      current.times -= 1;
      if (current.times === 0) fault = undefined;
    }
    return current;
  }

  function record(request: ReceivedRequest): void {
    requests.push(request);
    // Waiters are checked on every request, so they also see the messages of accepted ones.
    for (const waiter of [...waiters]) waiter.check();
  }

  function waitFor<T>(isDone: () => T | undefined, timeoutMs: number, describeTimeout: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const immediate = isDone();
      if (immediate !== undefined) return resolve(immediate);
      if (closing) return reject(new Error("The Segment test server is closed"));
      const waiter: Waiter = {
        check: () => {
          const value = isDone();
          if (value === undefined) return;
          finish();
          resolve(value);
        },
        cancel: (reason) => {
          finish();
          reject(new Error(reason));
        },
      };
      const timer = setTimeout(() => waiter.cancel(describeTimeout()), timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        waiters.delete(waiter);
      };
      waiters.add(waiter);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // Loopback only: a test server must never be reachable from the network.
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    batches,
    messages,
    writeKeys,
    requests,
    waitForMessages(count, timeoutMs = DEFAULT_WAIT_MS) {
      return waitFor(
        () => (messages.length >= count ? [...messages] : undefined),
        timeoutMs,
        () =>
          `Expected ${count} Segment message(s) within ${timeoutMs} ms, got ${messages.length}` +
          describeList(messages.map(describeMessage)) +
          describeRejections(requests),
      );
    },
    waitForRequests(count, timeoutMs = DEFAULT_WAIT_MS) {
      return waitFor(
        () => (requests.length >= count ? [...requests] : undefined),
        timeoutMs,
        () =>
          `Expected ${count} request(s) within ${timeoutMs} ms, got ${requests.length}` +
          describeList(requests.map((r) => `${r.method} ${r.path} → ${r.status}${r.rejection ? ` (${r.rejection})` : ""}`)),
      );
    },
    setFault(next) {
      fault = { ...next };
    },
    clearFault() {
      fault = undefined;
    },
    reset() {
      // Emptied in place so references taken earlier (e.g. `const { messages } = server`) stay live.
      batches.length = 0;
      messages.length = 0;
      writeKeys.length = 0;
      requests.length = 0;
      fault = undefined;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const waiter of [...waiters]) waiter.cancel("The Segment test server was closed while waiting");
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

// HELPERS

function isDelayOnly(fault: SegmentServerFault): boolean {
  return fault.delayMs !== undefined && fault.status === undefined && !fault.dropConnection;
}

interface Waiter {
  check(): void;
  cancel(reason: string): void;
}

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, statusText?: string): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  if (statusText !== undefined) res.statusMessage = statusText;
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners("data");
        req.resume();
        reject(new Error("Body exceeds 2 MB"));
        return;
      }
      chunks.push(chunk);
    });
    req.on("error", reject);
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      // Some Segment libraries gzip their batches; Segment accepts that.
      if (/gzip/i.test(req.headers["content-encoding"] ?? "")) {
        try {
          resolve(gunzipSync(raw));
        } catch {
          reject(new Error("Body is not valid gzip"));
        }
        return;
      }
      resolve(raw);
    });
  });
}

/** The messages of a `/v1/batch` body, or why it is invalid. */
function readBatch(body: Record<string, unknown>): SegmentMessage[] | string {
  if (!Array.isArray(body.batch)) return "`batch` must be an array";
  const invalid = body.batch.findIndex((m) => !isObject(m) || typeof m.type !== "string");
  if (invalid !== -1) return `batch[${invalid}] must be an object with a string \`type\``;
  return body.batch as SegmentMessage[];
}

/** A single-message endpoint's body is the message itself; its type comes from the path. */
function readSingle(body: Record<string, unknown>, type: string): SegmentMessage[] {
  const { writeKey: _writeKey, ...message } = body;
  return [{ ...message, type }];
}

/** Segment merges batch-level `context` and `integrations` into each message (the message wins). */
function mergeBatchFields(message: SegmentMessage, body: Record<string, unknown>): SegmentMessage {
  const merged: SegmentMessage = { ...message };
  for (const key of ["context", "integrations"] as const) {
    const shared = body[key];
    if (isObject(shared)) merged[key] = { ...shared, ...(isObject(message[key]) ? message[key] : {}) };
  }
  return merged;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeMessage(message: SegmentMessage): string {
  const label =
    message.type === "track"
      ? ` "${String(message.event)}"`
      : message.type === "page" && message.name !== undefined
        ? ` "${String(message.name)}"`
        : "";
  const who = message.userId !== undefined ? ` userId=${String(message.userId)}` : "";
  return `${message.type}${label}${who} messageId=${String(message.messageId)}`;
}

function describeList(lines: string[]): string {
  return lines.length ? `:\n${lines.map((line) => `  - ${line}`).join("\n")}` : ".";
}

function describeRejections(requests: readonly ReceivedRequest[]): string {
  const rejected = requests.filter((r) => r.status !== 200);
  if (!rejected.length) return "";
  return `\nRejected request(s):\n${rejected.map((r) => `  - ${r.method} ${r.path} → ${r.status || "dropped"} (${r.rejection ?? "?"})`).join("\n")}`;
}
