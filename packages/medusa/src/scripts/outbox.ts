import { parseArgs } from "node:util";
import type { ExecArgs } from "@medusajs/framework/types";
import type { OutboxRecord } from "@trackmap/core";
import { describeCounts } from "@trackmap/core/host";
import type SegmentService from "../modules/segment/service";
import { argumentsAfterScript } from "../lib/scriptArguments";

const USAGE = `Inspect and re-send the calls in trackmap's outbox.

  npx medusa exec ./node_modules/@trackmap/medusa/.medusa/server/src/scripts/outbox.js <command> [options]

Commands:
  counts                 pending, retrying, dead and delivered calls
  dead [--limit N]       dead calls, newest first, with the reason of each (default limit 20)
  resend <messageId...>  sends the named dead calls again
  resend --all           sends every dead call again

Options:
  --json                 machine-readable output`;

/**
 * `medusa exec` entry point for the store's operators: what is in the outbox, why calls died,
 * and sending them again once the cause is fixed.
 */
export default async function outbox({ container, args }: ExecArgs): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argumentsAfterScript(__filename) ?? args,
    allowPositionals: true,
    options: { json: { type: "boolean" }, all: { type: "boolean" }, limit: { type: "string" }, help: { type: "boolean" } },
  });
  const [command, ...ids] = positionals;
  const service = container.resolve<SegmentService>("segmentService");
  // JSON on one line, so that it can be picked out of whatever else the process logs.
  const print = (human: string, machine: unknown) => console.log(values.json ? JSON.stringify(machine) : human);
  try {
    if (values.help || !command) return print(USAGE, { usage: USAGE });
    const counts = await service.outboxCounts();
    if (!counts) throw new Error("The outbox is off (no write_key, or `outbox: false` in the plugin's options).");
    switch (command) {
      case "counts":
        return print(`outbox: ${describeCounts(counts)}`, counts);
      case "dead": {
        const limit = Number(values.limit ?? 20);
        if (!Number.isInteger(limit) || limit < 1) throw new Error(`--limit must be a whole number, at least 1 (got ${values.limit})`);
        const dead = await service.listDeadCalls(limit);
        return print(formatDead(dead, counts.dead), dead);
      }
      case "resend": {
        if (!values.all && ids.length === 0) throw new Error("Name the messageIds to send again, or pass --all.");
        const resent = await service.resendDeadCalls(values.all ? undefined : ids);
        return print(`${resent} dead call(s) put back to be sent`, { resent });
      }
      default:
        throw new Error(`Unknown command "${command}".\n\n${USAGE}`);
    }
  } finally {
    // Sends what is due now (the calls just put back among them) and releases this process's claims.
    await service.close();
  }
}

function formatDead(records: OutboxRecord[], total: number): string {
  if (records.length === 0) return "No dead calls.";
  const lines = records.map((record) => {
    const { call } = record;
    const what = "truncated" in call ? `a call of ${call.bytes} bytes, kept cut` : call.type === "track" ? `track "${call.event}"` : call.type;
    return `${record.messageId}  ${what}  ${record.createdAt.toISOString()}  attempts: ${record.attempts}\n    ${record.lastError ?? "no reason recorded"}`;
  });
  const more = total > records.length ? `\n(${total - records.length} more; --limit to see them)` : "";
  return `${total} dead call(s):\n${lines.join("\n")}${more}`;
}
