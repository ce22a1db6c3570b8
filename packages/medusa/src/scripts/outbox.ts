import { parseArgs } from "node:util";
import type { ExecArgs } from "@medusajs/framework/types";
import type { OutboxRecord } from "@trackmap/core";
import { describeCounts } from "@trackmap/core/host";
import { argumentsAfterScript } from "../lib/scriptArguments";
import type SegmentService from "../modules/segment/service";

const USAGE = `Inspect and re-send the calls in trackmap's outbox.

  npx medusa exec ./node_modules/@trackmap/medusa/.medusa/server/src/scripts/outbox.js <command> [options]

Commands:
  counts                 pending, retrying, dead and delivered calls
  dead [--limit N]       dead calls and events, newest first, with the reason of each (default limit 20)
  resend <messageId...>  sends the named dead calls again, and maps the named dead events again
  resend --all           sends every dead call again, and maps every dead event again

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
        // The container loads the records a dead event's mapping declares, as for a live event.
        const resent = await service.resendDeadCalls(values.all ? undefined : ids, container);
        return print(`${resent} dead call(s) and event(s) sent again`, { resent });
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
    const from = record.source ? `  from ${record.source.event} (${record.source.entityIds.join(", ")})` : "";
    return `${record.messageId}  ${describeRow(record)}${from}  ${record.createdAt.toISOString()}  attempts: ${record.attempts}\n    ${record.lastError ?? "no reason recorded"}`;
  });
  const more = total > records.length ? `\n(${total - records.length} more; --limit to see them)` : "";
  return `${total} dead call(s) and event(s):\n${lines.join("\n")}${more}`;
}

/** A dead call by its type and event; a dead event (its mapping failed) said as such, since resend maps it again. */
function describeRow(record: OutboxRecord): string {
  if (record.event) {
    const { event } = record;
    return "name" in event ? `EVENT ${event.name}, its mapping failed (resend maps it again)` : `EVENT of ${event.bytes} bytes, kept cut`;
  }
  const { call } = record;
  return "truncated" in call ? `a call of ${call.bytes} bytes, kept cut` : call.type === "track" ? `track "${call.event}"` : call.type;
}
