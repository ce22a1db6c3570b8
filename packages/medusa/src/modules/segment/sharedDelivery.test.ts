import type { Knex } from "@medusajs/framework/mikro-orm/knex";
import type { Logger } from "@medusajs/framework/types";
import { describe, expect, it } from "vitest";
import { resolveOptions } from "./options";
import { acquireDelivery } from "./sharedDelivery";

/** A logger that keeps its lines. */
function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = {
    info: (message: string) => void lines.push(`info: ${message}`),
    warn: (message: string) => void lines.push(`warn: ${message}`),
    error: (message: string) => void lines.push(`error: ${message}`),
  } as unknown as Logger;
  return { logger, lines };
}

describe("acquireDelivery: the plugin and the Analytics Module provider share one delivery per process", () => {
  // A dry run (no write key) never queries the database: the connection only tells processes' databases apart.
  const connection = {} as Knex;

  it("gives both the same delivery when their delivery options match, and closes it when the last lets go", async () => {
    const { logger, lines } = recordingLogger();
    // The mappings are the plugin's business, not the delivery's.
    const plugin = acquireDelivery(resolveOptions({ mappings: "./segment-mappings" }), { logger, connection });
    const provider = acquireDelivery(resolveOptions({}), { logger, connection });
    expect(provider.delivery).toBe(plugin.delivery);

    // Released twice (Medusa's shutdown hook, then a script): counted once.
    await plugin.release();
    await plugin.release();
    await provider.delivery.sendChecked({ type: "track", event: "Report Exported", userId: "user_1" }, [], "analytics ");
    await provider.release();
    await provider.delivery.sendChecked({ type: "track", event: "Report Exported", userId: "user_2" }, [], "analytics ");

    expect(lines).toEqual([
      expect.stringMatching(/^info: \[trackmap\] dry run, not sent: track "Report Exported" .*user_1/),
      'error: [trackmap] analytics track "Report Exported" came after the plugin stopped (shutdown, or the process exiting): the call was not sent.',
    ]);
  });

  it("makes a new delivery once the last one was let go", async () => {
    const { logger } = recordingLogger();
    const first = acquireDelivery(resolveOptions({}), { logger, connection });
    await first.release();
    const second = acquireDelivery(resolveOptions({}), { logger, connection });

    expect(second.delivery).not.toBe(first.delivery);
    await second.release();
  });
});
