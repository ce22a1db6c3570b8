import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemoryOutboxStore } from "@trackmap/core";
import { startSegmentServer, type SegmentServer } from "@trackmap/core/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { trackJsonLines } from "./jsonLines";
import { createNodeHost, type NodeHost, type RecordBook } from "./nodeHost";
import { startWebhook, type Webhook } from "./webhook";

// The shop's own records, as its database would give them.
const book: RecordBook = {
  order: {
    order_1: {
      id: "order_1",
      email: "ada@example.com",
      customer_id: "cus_1",
      currency: "EUR",
      total: 59.9,
      items: [
        { sku: "MUG-BLUE", quantity: 2, price: 19.95 },
        { sku: "TEE-M", quantity: 1, price: 20 },
      ],
    },
  },
};
const customerCreated = { name: "customer.created", data: { id: "cus_2", email: "grace@example.com", first_name: "Grace" } };

let segment: SegmentServer;
const hosts: NodeHost[] = [];
const webhooks: Webhook[] = [];

beforeAll(async () => {
  segment = await startSegmentServer();
});
afterEach(async () => {
  await Promise.all(webhooks.splice(0).map((webhook) => webhook.close()));
  await Promise.all(hosts.splice(0).map((host) => host.close()));
  segment.reset();
});
afterAll(() => segment.close());

function host(options: Record<string, unknown> = {}, store = undefined as ReturnType<typeof createMemoryOutboxStore> | undefined) {
  const lines: string[] = [];
  const logger = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
  const created = createNodeHost({
    options: { write_key: "wk_node", host: segment.url, flush_at: 1, max_retries: 0, outbox: false, ...options },
    logger,
    store,
  });
  hosts.push(created);
  return { host: created, lines };
}

describe("a plain Node service on @trackmap/core's host runtime", () => {
  it("maps a JSON-lines file of events, loading records from the service's book, and names the lines it skips", async () => {
    const { host: nodeHost } = host();
    const dir = await mkdtemp(join(tmpdir(), "node-host-"));
    const file = join(dir, "events.jsonl");
    await writeFile(
      file,
      [JSON.stringify({ name: "order.placed", data: { id: "order_1" } }), "{not json", "", JSON.stringify(customerCreated), '{"data": {}}'].join(
        "\n",
      ),
    );

    const summary = await trackJsonLines(nodeHost, file, book);
    await segment.waitForMessages(4);

    expect(summary).toEqual({
      events: 2,
      calls: 4,
      skipped: [
        expect.stringMatching(/events\.jsonl:2: not JSON/),
        `${file}:5: an event needs a "name", e.g. {"name": "order.placed", "data": {"id": "order_1"}}`,
      ],
    });
    expect(segment.messages.map((m) => [m.type, m.event ?? null, m.userId])).toEqual([
      ["identify", null, "cus_1"],
      ["track", "Order Completed", "cus_1"],
      ["identify", null, "cus_2"],
      ["track", "Signed Up", "cus_2"],
    ]);
    expect(segment.messages[1]!.properties).toEqual({
      order_id: "order_1",
      currency: "EUR",
      revenue: 59.9,
      products: [
        { sku: "MUG-BLUE", quantity: 2, price: 19.95 },
        { sku: "TEE-M", quantity: 1, price: 20 },
      ],
    });
  });

  it("takes events by webhook: 202 with the calls made, 400 for a body that is not an event, and health while it runs", async () => {
    const { host: nodeHost } = host();
    const webhook = await startWebhook(nodeHost, book);
    webhooks.push(webhook);
    const post = (body: string) => fetch(`${webhook.url}/events`, { method: "POST", body, headers: { "content-type": "application/json" } });

    const accepted = await post(JSON.stringify(customerCreated));
    const refused = await post("[1, 2");
    const health = await fetch(`${webhook.url}/health`);

    expect([accepted.status, await accepted.json()]).toEqual([202, { mapped: true, calls: ["identify", "Signed Up"], errors: [] }]);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: expect.stringMatching(/^not JSON/) });
    expect(health.status).toBe(200);
    expect((await segment.waitForMessages(2)).map((m) => m.userId)).toEqual(["cus_2", "cus_2"]);
  });

  it("with an outbox, keeps the calls through a Segment outage and sends each once it is over", async () => {
    segment.setFault({ status: 503, times: 2 });
    const store = createMemoryOutboxStore();
    const { host: nodeHost, lines } = host({ outbox: { poll_interval_ms: 20, base_backoff_ms: 20, report_interval_ms: 0 } }, store);

    await nodeHost.trackEvent({ name: "order.placed", data: { id: "order_1" } }, book);
    await segment.waitForMessages(2, 10_000);

    // Retried calls arrive in no set order.
    expect(segment.messages.map((m) => m.event ?? m.type).sort()).toEqual(["Order Completed", "identify"]);
    expect(new Set(segment.messages.map((m) => m.messageId)).size).toBe(2);
    expect(lines.some((line) => /kept in the outbox for a retry .*503/.test(line))).toBe(true);
  });
});
