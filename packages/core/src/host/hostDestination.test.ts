import { afterEach, describe, expect, it } from "vitest";
import type { SegmentCall } from "../calls/segmentCall";
import { createMemoryOutboxStore, type OutboxStore } from "../deliver/outbox";
import { startSegmentServer, type SegmentServer } from "../testing/segmentServer";
import type { Destination } from "../deliver/destination";
import { createHostDestination } from "./hostDestination";
import type { HostLog } from "./hostLog";
import { readOutboxSettings } from "./outboxSettings";
import { OptionReader } from "./optionReader";

const call: SegmentCall = { type: "track", event: "Order Completed", userId: "cus_1", messageId: "msg-1" };
const fastOutbox = readOutboxSettings(new OptionReader("host", { outbox: { poll_interval_ms: 10, base_backoff_ms: 10, max_backoff_ms: 20 } }))!;

let server: SegmentServer | undefined;
const open: Destination[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((destination) => destination.close({ timeoutMs: 2000 })));
  await server?.close();
});

function recordingLog() {
  const lines: string[] = [];
  const log: HostLog = {
    info: (message) => lines.push(`info: ${message}`),
    warn: (message) => lines.push(`warn: ${message}`),
    error: (message) => lines.push(`error: ${message}`),
  };
  return { log, lines };
}

describe("createHostDestination: what a host sends through, and what its log shows", () => {
  it("runs dry without a write key, logging each call", async () => {
    const { log, lines } = recordingLog();
    const { destination } = createHostDestination({ log });
    open.push(destination);

    await destination.send(call);

    expect(lines).toEqual([expect.stringMatching(/^info: dry run, not sent: track "Order Completed" +userId=cus_1/)]);
  });

  it("behind the outbox, logs one line per round of retries and one per dead call, never the write key", async () => {
    server = await startSegmentServer();
    const { log, lines } = recordingLog();
    const store = createMemoryOutboxStore();
    const { destination } = createHostDestination({
      writeKey: "wk_secret",
      host: server.url,
      flushAt: 1,
      maxRetries: 0,
      store,
      outbox: fastOutbox,
      setupHint: "Run the migrations.",
      log,
    });
    open.push(destination);

    server.setFault({ status: 503, times: 1 });
    await destination.send(call);
    await waitFor(async () => (await store.counts()).delivered === 1);
    server.setFault({ status: 400, times: 1 });
    await destination.send({ ...call, messageId: "msg-2" });
    await waitFor(async () => (await store.counts()).dead === 1);

    expect(lines).toEqual([
      expect.stringMatching(
        /^warn: 1 call\(s\) not accepted by Segment, kept in the outbox for a retry \(e\.g\. msg-1, attempt 1, next at .*\): Segment delivery failed: \[503\] Service Unavailable$/,
      ),
      "error: Segment refused msg-2; kept in the outbox as dead, not retried: Segment delivery failed: [400] Bad Request",
    ]);
    expect(lines.join("\n")).not.toContain("wk_secret");
  });

  it("behind the outbox, logs a re-sent call found still invalid as kept dead, not as refused by Segment", async () => {
    server = await startSegmentServer();
    const { log, lines } = recordingLog();
    const store = createMemoryOutboxStore();
    const { destination } = createHostDestination({ writeKey: "wk", host: server.url, flushAt: 1, store, outbox: fastOutbox, log });
    open.push(destination);
    await destination.reject!(
      { type: "track", event: "Order Completed", messageId: "msg-1" } as SegmentCall,
      "order.placed: TM_INVALID_CALL invalid call, not sent: userId or anonymousId is required",
    );

    await store.resend();
    await waitFor(async () => lines.length > 0);

    expect(lines).toEqual([
      "error: msg-1 kept in the outbox as dead: TM_INVALID_CALL invalid call, not sent (checked again before sending): userId or anonymousId is required",
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it("when the store fails, sends anyway and says so with the host's hint, once a minute at most", async () => {
    server = await startSegmentServer();
    const { log, lines } = recordingLog();
    const missing = () => Promise.reject(new Error('relation "trackmap_outbox" does not exist'));
    const store: OutboxStore = { ...createMemoryOutboxStore(), enqueue: missing, enqueueAndClaim: missing };
    const { destination } = createHostDestination({
      writeKey: "wk",
      host: server.url,
      flushAt: 1,
      store,
      outbox: fastOutbox,
      setupHint: "Run the migrations.",
      log,
    });
    open.push(destination);

    await destination.send(call);
    await destination.send({ ...call, messageId: "msg-2" });

    expect(server.messages.map((m) => m.messageId)).toEqual(["msg-1", "msg-2"]);
    expect(lines).toEqual([
      `error: a call could not be stored; it was sent without the outbox's guarantees: relation "trackmap_outbox" does not exist. Run the migrations.`,
    ]);
  });
});

describe("a host's outbox store failures", () => {
  it("say what failed, and give the set-up hint only when the table is missing", async () => {
    server = await startSegmentServer();
    const { log, lines } = recordingLog();
    const store: OutboxStore = { ...createMemoryOutboxStore(), markDelivered: () => Promise.reject(new Error("Driver not Connected")) };
    const { destination } = createHostDestination({
      writeKey: "wk",
      host: server.url,
      flushAt: 1,
      store,
      outbox: fastOutbox,
      setupHint: "Run the migrations.",
      log,
    });
    open.push(destination);

    await destination.send(call);
    await waitFor(async () => lines.length > 0);

    expect(lines).toEqual([
      "error: the outbox could not record Segment's answer for 1 call(s); they may be sent again after their lease (Segment dedupes them by messageId): Driver not Connected.",
    ]);
  });
});

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
