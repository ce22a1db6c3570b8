import { describe, expect, it } from "vitest";
import type { HostLog } from "./hostLog";
import { readHostOptions } from "./hostOptions";
import { OptionReader } from "./optionReader";
import { acquireDelivery, type DeliveryParts } from "./sharedDelivery";

function recordingLog(): { logger: HostLog; lines: string[] } {
  const lines: string[] = [];
  const logger: HostLog = { info: (m) => lines.push(`info: ${m}`), warn: (m) => lines.push(`warn: ${m}`), error: (m) => lines.push(`error: ${m}`) };
  return { logger, lines };
}

// A dry run (no write key) never touches a database: the scope only tells the processes' databases apart.
const connection = {};
const parts = (logger: HostLog, raw: Record<string, unknown> = {}): DeliveryParts => ({
  packageName: "@example/host",
  options: readHostOptions(new OptionReader("@example/host", raw)),
  logger,
  shareDeliveryIn: connection,
});

describe("acquireDelivery: two parts of a process that send with the same options share one delivery", () => {
  it("gives both the same delivery when their delivery options match, and closes it when the last lets go", async () => {
    const { logger, lines } = recordingLog();
    // The mappings are the runtime's business, not the delivery's.
    const plugin = acquireDelivery(parts(logger, { mappings: "./segment-mappings" }));
    const provider = acquireDelivery(parts(logger));
    expect(provider.delivery).toBe(plugin.delivery);

    // Released twice (a shutdown hook, then a script): counted once.
    await plugin.release();
    await plugin.release();
    await provider.delivery.sendChecked({ type: "track", event: "Report Exported", userId: "user_1" }, [], { caller: "analytics " });
    await provider.release();
    await provider.delivery.sendChecked({ type: "track", event: "Report Exported", userId: "user_2" }, [], { caller: "analytics " });

    expect(lines).toEqual([
      expect.stringMatching(/^info: \[trackmap\] dry run, not sent: track "Report Exported" .*user_1/),
      'error: [trackmap] analytics track "Report Exported" came after trackmap stopped (shutdown, or the process exiting): the call was not sent.',
    ]);
  });

  it("makes a new delivery once the last one was let go, and a separate one without a scope", async () => {
    const { logger } = recordingLog();
    const first = acquireDelivery(parts(logger));
    await first.release();
    const second = acquireDelivery(parts(logger));
    const alone = acquireDelivery({ ...parts(logger), shareDeliveryIn: undefined });

    expect(second.delivery).not.toBe(first.delivery);
    expect(alone.delivery).not.toBe(second.delivery);
    await Promise.all([second.release(), alone.release()]);
  });
});
