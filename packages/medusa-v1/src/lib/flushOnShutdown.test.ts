import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { flushOnShutdown } from "./flushOnShutdown";

/** A process stand-in: signals are emitted by hand, and `kill` is recorded instead of ending the test run. */
function fakeProcess() {
  const emitter = new EventEmitter() as EventEmitter & { pid: number; kills: string[]; kill: (pid: number, signal: string) => boolean };
  emitter.pid = 4242;
  emitter.kills = [];
  emitter.kill = (_pid, signal) => (emitter.kills.push(signal), true);
  return emitter;
}

function closable() {
  const closes: Array<{ timeoutMs?: number }> = [];
  return { closes, close: async (options?: { timeoutMs?: number }) => void closes.push(options ?? {}) };
}

const logger = { info: () => {}, warn: () => {}, error: () => {} };

describe("flushOnShutdown", () => {
  it("flushes on SIGTERM and leaves the exit to Medusa's own handler", async () => {
    const target = fakeProcess();
    const service = closable();
    target.on("SIGTERM", () => {}); // medusa start's graceful shutdown
    flushOnShutdown(service, logger, target as unknown as NodeJS.Process);

    target.emit("SIGTERM", "SIGTERM");
    await new Promise((resolve) => setImmediate(resolve));

    expect(service.closes).toEqual([{ timeoutMs: 5000 }]);
    expect(target.kills).toEqual([]);
  });

  it("where nobody else handles the signal, stops the process after the flush", async () => {
    const target = fakeProcess();
    const service = closable();
    flushOnShutdown(service, logger, target as unknown as NodeJS.Process);

    target.emit("SIGINT", "SIGINT");
    await new Promise((resolve) => setImmediate(resolve));

    expect(service.closes).toHaveLength(1);
    expect(target.kills).toEqual(["SIGINT"]);
  });

  it("flushes when the process ends on its own, and can be undone", async () => {
    const target = fakeProcess();
    const service = closable();
    const undo = flushOnShutdown(service, logger, target as unknown as NodeJS.Process);
    target.emit("beforeExit");
    expect(service.closes).toHaveLength(1);

    undo();
    expect(target.listenerCount("SIGTERM") + target.listenerCount("SIGINT") + target.listenerCount("beforeExit")).toBe(0);
  });
});
