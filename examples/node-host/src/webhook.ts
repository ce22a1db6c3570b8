import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parseEvent } from "./jsonLines";
import type { NodeHost, RecordBook } from "./nodeHost";

/** The most an event's body may be: a webhook is one event. */
const MAX_BODY_BYTES = 1_048_576;

export interface Webhook {
  url: string;
  close(): Promise<void>;
}

/**
 * `POST /events` with one event as JSON: 202 once it is mapped and its calls handed over (with the
 * names of the calls), 400 with the reason for a body that is not an event, 413 past 1 MiB.
 * `GET /health` answers 200.
 */
export async function startWebhook(host: NodeHost, book: RecordBook, port = 0): Promise<Webhook> {
  const server: Server = createServer(async (request, response) => {
    const reply = (status: number, body: unknown) => response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (request.method === "GET" && request.url === "/health") return reply(200, { ok: true });
    if (request.method !== "POST" || request.url !== "/events") return reply(404, { error: "POST /events or GET /health" });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return reply(413, { error: `an event may be at most ${MAX_BODY_BYTES} bytes` });
      chunks.push(chunk);
    }
    const event = parseEvent(Buffer.concat(chunks).toString("utf8"));
    if (typeof event === "string") return reply(400, { error: event });
    const result = await host.trackEvent(event, book);
    reply(202, {
      mapped: Boolean(result),
      calls: result?.calls.map((call) => (call.type === "track" ? call.event : call.type)) ?? [],
      errors: result?.errors.map((e) => e.message) ?? [],
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
