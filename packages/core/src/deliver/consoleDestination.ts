import pc from "picocolors";
import type { SegmentCall } from "../calls/segmentCall";
import type { DeliveryOutcome, Destination } from "./destination";

/**
 * A dry-run sink: prints each call instead of sending it, readable at a glance:
 *
 *     track "Order Completed"  userId=cus_1  messageId=ord_1-completed  timestamp=2024-05-01T10:00:00Z
 *       properties: {
 *         "order_id": "ord_1"
 *       }
 */

// TYPES

export interface ConsoleDestinationOptions {
  /** Receives each printed call (with a trailing newline); default: standard output. */
  write?: (text: string) => void;
  /** ANSI colours; default: when standard output is a terminal and NO_COLOR is not set. */
  color?: boolean;
}

// CONSTANTS

// The payload sections, in print order; identity fields go on the header line instead.
const PAYLOAD_FIELDS = ["properties", "traits", "context", "integrations"] as const;
const INDENT = "  ";

// MAIN

export function createConsoleDestination(options: ConsoleDestinationOptions = {}): Destination {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const color = options.color ?? (Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  let closed = false;

  return {
    name: "console",
    async send(call): Promise<DeliveryOutcome> {
      if (closed) {
        const error = { code: "destination_closed" as const, message: "The console destination is closed." };
        return { status: "failed", call, error: call.messageId ? { ...error, messageId: call.messageId } : error };
      }
      write(formatCall(call, { color }));
      return { status: "delivered", call };
    },
    async close() {
      closed = true;
    },
  };
}

/** One call as printed by the console destination (ends with a newline). */
export function formatCall(call: SegmentCall, options: { color?: boolean } = {}): string {
  const c = pc.createColors(options.color ?? false);
  const header = [c.bold(c.cyan(call.type)) + describeSubject(call, c)];
  for (const [key, value] of describeIdentity(call)) header.push(`${c.dim(`${key}=`)}${value}`);

  const lines = [header.join("  ")];
  const payload = call as unknown as Record<string, unknown>;
  for (const field of PAYLOAD_FIELDS) {
    const value = payload[field];
    if (value === undefined) continue;
    const json = JSON.stringify(value, null, 2).split("\n").join(`\n${INDENT}`);
    lines.push(`${INDENT}${c.dim(`${field}:`)} ${json}`);
  }
  return `${lines.join("\n")}\n`;
}

// HELPERS

type Colors = ReturnType<typeof pc.createColors>;

/** What the call is about, right after its type: the event or page name. */
function describeSubject(call: SegmentCall, c: Colors): string {
  if (call.type === "track") return ` ${c.green(JSON.stringify(call.event))}`;
  if (call.type === "page") {
    const name = [call.category, call.name].filter((part) => part !== undefined).join(" / ");
    return name ? ` ${c.green(JSON.stringify(name))}` : "";
  }
  return "";
}

/** The short fields that identify a call, as key=value pairs for the header line. */
function describeIdentity(call: SegmentCall): Array<[string, string]> {
  const pairs: Array<[string, string | undefined]> = [
    ["groupId", call.type === "group" ? call.groupId : undefined],
    ["previousId", call.type === "alias" ? call.previousId : undefined],
    ["userId", call.userId],
    ["anonymousId", call.anonymousId],
    ["messageId", call.messageId],
    ["timestamp", call.timestamp],
  ];
  return pairs.filter((pair): pair is [string, string] => pair[1] !== undefined);
}
