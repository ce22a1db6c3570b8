import { setImmediate as nextTurn } from "node:timers/promises";

/**
 * An event's input, sent to its worker in parts. Sending a large order in one message blocks the
 * main thread while Node copies and serialises it (tens of milliseconds at 10,000 lines); in parts
 * of PART_LENGTH characters, with a turn of the event loop between them, no part blocks it long.
 * Parts go straight down the worker's IPC channel, so they may arrive before the task itself:
 * the receiver keeps them by input id until the task asks.
 */

/** Characters per part: a few hundred microseconds to copy and write. */
export const PART_LENGTH = 256 * 1024;

export interface InputPart {
  trackmapInput: number;
  index: number;
  text: string;
}

function isInputPart(message: unknown): message is InputPart {
  return typeof (message as InputPart | null)?.trackmapInput === "number";
}

/** How many parts a text is sent in. */
export function partCount(text: string): number {
  return Math.max(1, Math.ceil(text.length / PART_LENGTH));
}

/** Sends the parts of `text`, yielding to the event loop between them. */
export async function sendInParts(send: (part: InputPart) => void, id: number, text: string): Promise<void> {
  for (let index = 0; index * PART_LENGTH < text.length; index++) {
    if (index > 0) await nextTurn();
    send({ trackmapInput: id, index, text: text.slice(index * PART_LENGTH, (index + 1) * PART_LENGTH) });
  }
}

/** The worker's side: collects parts as they come, and gives an input once all its parts are in. */
export function createInputReceiver(messages: Pick<NodeJS.EventEmitter, "on">): (id: number, parts: number) => Promise<string> {
  const inputs = new Map<number, { parts: string[]; received: number; expected?: number; done?: (text: string) => void }>();
  const entry = (id: number) => {
    const found = inputs.get(id) ?? { parts: [], received: 0 };
    inputs.set(id, found);
    return found;
  };
  const finishIfComplete = (id: number) => {
    const found = inputs.get(id)!;
    if (found.expected === undefined || found.received < found.expected || !found.done) return;
    inputs.delete(id);
    found.done(found.parts.join(""));
  };
  messages.on("message", (message: unknown) => {
    if (!isInputPart(message)) return;
    const found = entry(message.trackmapInput);
    found.parts[message.index] = message.text;
    found.received++;
    finishIfComplete(message.trackmapInput);
  });
  return (id, parts) =>
    new Promise((resolve) => {
      const found = entry(id);
      found.expected = parts;
      found.done = resolve;
      finishIfComplete(id);
    });
}
