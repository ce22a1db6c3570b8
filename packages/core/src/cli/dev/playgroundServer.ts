import { type FSWatcher, watch } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join, relative, resolve } from "node:path";
import { findFiles } from "../../load";
import { fileLabel } from "./fileLabel";
import { loadMappings } from "../../pipeline";
import { startSegmentServer } from "../../testing";
import { readInputObject } from "../readInput";
import { evaluateDraft } from "./evaluateDraft";
import { PLAYGROUND_PAGE } from "./playgroundPage";

export interface PlaygroundOptions {
  /** The mapping folders, layered as the store loads them. */
  folders: readonly string[];
  /** Port of the page (default 0: a free one). */
  port?: number;
  /** Port of the local Segment endpoint (default 0: a free one). */
  segmentPort?: number;
}

export interface Playground {
  /** The page, e.g. http://127.0.0.1:4983/ */
  url: string;
  /** What a store's `host` option points at to send its calls here. */
  segmentUrl: string;
  close(): Promise<void>;
}

/**
 * `trackmap dev`: a page to edit a mapping against a fixture and see, as one types, the calls,
 * their sizes, the problems and the tests; and a local Segment endpoint with a live list of what
 * it received. Plain node:http; live updates are server-sent events.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const folders = options.folders.map((folder) => resolve(folder));
  const segment = await startSegmentServer({ port: options.segmentPort });
  const clients = new Set<ServerResponse>();
  const broadcast = (event: string, data: unknown) => {
    for (const client of clients) client.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  // Files changed on disk: the page reloads the list and the mapping (unless it holds unsaved text).
  const watchers: FSWatcher[] = folders.map((folder) =>
    watch(folder, { recursive: true }, (_kind, file) => broadcast("files", { file: file ? resolve(folder, String(file)) : undefined })),
  );
  // Calls the Segment endpoint received, sent on as they arrive.
  let seen = 0;
  const poll = setInterval(() => {
    const messages = segment.messages;
    if (messages.length > seen) broadcast("segment", messages.slice(seen));
    seen = messages.length;
  }, 200);

  const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => Promise<void>> = {
    "GET /": async (_request, response) => send(response, 200, PLAYGROUND_PAGE, "text/html; charset=utf-8"),
    "GET /api/files": async (_request, response) => json(response, await listFiles(folders, segment.url)),
    "GET /api/source": async (request, response) => {
      const path = await knownFile(folders, new URL(request.url ?? "", "http://x").searchParams.get("path"));
      json(response, { path, text: await readFile(path, "utf8") });
    },
    "GET /api/live": async (_request, response) => {
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
      response.write(`event: segment\ndata: ${JSON.stringify(segment.messages)}\n\n`);
      clients.add(response);
      response.on("close", () => clients.delete(response));
    },
    "POST /api/evaluate": async (request, response) => {
      const body = (await readBody(request)) as { mapping: string; text?: string; fixture?: string; input?: Record<string, unknown> };
      const mapping = await knownFile(folders, body.mapping);
      const input = body.fixture ? await readInputObject(await knownFile(folders, body.fixture)) : body.input;
      json(response, await evaluateDraft(folders, { mapping, text: body.text, input }));
    },
    "POST /api/save": async (request, response) => {
      const body = (await readBody(request)) as { mapping: string; text: string };
      await writeFile(await knownFile(folders, body.mapping), body.text);
      json(response, { saved: true });
    },
  };

  const server = createServer((request, response) => {
    const route = routes[`${request.method} ${new URL(request.url ?? "/", "http://x").pathname}`];
    if (!route) return send(response, 404, "not found", "text/plain");
    route(request, response).catch((error: Error) => json(response, { error: error.message }, 400));
  });
  await new Promise<void>((done) => server.listen(options.port ?? 0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    segmentUrl: segment.url,
    close: async () => {
      clearInterval(poll);
      for (const watcher of watchers) watcher.close();
      for (const client of clients) client.end();
      await new Promise<void>((done) => server.close(() => done()));
      await segment.close();
    },
  };
}

/** The mappings (with the events each handles) and the fixtures in each folder's fixtures/. */
async function listFiles(folders: readonly string[], segmentUrl: string) {
  const loaded = await loadMappings(folders);
  const mappings = loaded.files.map((file) => ({ path: file, name: fileLabel(file), events: loaded.mappings.forFile(file)?.on ?? [] }));
  const fixtures: Array<{ path: string; name: string }> = [];
  for (const folder of folders) {
    const found = await findFiles(join(folder, "fixtures"), (file) => /\.(json|ya?ml)$/.test(file));
    for (const file of found?.files ?? []) fixtures.push({ path: file, name: fileLabel(file) });
  }
  return { mappings: mappings.filter((m) => m.events.length > 0), fixtures, segmentUrl };
}

/** A path the page may read or write: a file under one of the folders, never elsewhere. */
async function knownFile(folders: readonly string[], path: string | null | undefined): Promise<string> {
  const absolute = resolve(path ?? "");
  if (!path || !folders.some((folder) => !relative(folder, absolute).startsWith(".."))) throw new Error(`not a file of the mapping folders: ${path}`);
  return absolute;
}

/**
 * The body of a POST, which must say it is JSON: another site's page can send a form or a plain-text
 * request to 127.0.0.1 without asking, but not a JSON one (the browser asks first, and is not answered).
 */
async function readBody(request: IncomingMessage): Promise<unknown> {
  if (!request.headers["content-type"]?.startsWith("application/json")) throw new Error("a POST must be sent as application/json");
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
}

function json(response: ServerResponse, value: unknown, status = 200): void {
  send(response, status, JSON.stringify(value), "application/json");
}

function send(response: ServerResponse, status: number, body: string, type: string): void {
  response.writeHead(status, { "content-type": type });
  response.end(body);
}
