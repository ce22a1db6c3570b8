import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { createInputReceiver, type InputPart, PART_LENGTH, partCount, sendInParts } from "./inputTransfer";

/** A channel as the worker sees it: messages arrive as "message" events. */
function channel() {
  const messages = new EventEmitter();
  return { messages, deliver: (part: InputPart) => messages.emit("message", part) };
}

describe("inputTransfer: an input sent in parts", () => {
  it("gives the whole text once its parts are in, whether they come before or after the task asks", async () => {
    const { messages, deliver } = channel();
    const receive = createInputReceiver(messages);
    const text = `${"a".repeat(PART_LENGTH) + "b".repeat(PART_LENGTH)}c`;
    const parts: InputPart[] = [];
    await sendInParts((part) => parts.push(part), 7, text);

    const [first, second, third] = parts as [InputPart, InputPart, InputPart];
    deliver(first);
    const received = receive(7, partCount(text));
    deliver(third);
    deliver(second);

    expect(parts.map((part) => part.index)).toEqual([0, 1, 2]);
    expect(await received).toBe(text);
  });

  it("keeps the parts of two inputs apart, and ignores other messages", async () => {
    const { messages, deliver } = channel();
    const receive = createInputReceiver(messages);
    messages.emit("message", { __tinypool_worker_message__: true });

    await sendInParts(deliver, 1, '{"first":true}');
    await sendInParts(deliver, 2, '{"second":true}');

    expect(await Promise.all([receive(2, 1), receive(1, 1)])).toEqual(['{"second":true}', '{"first":true}']);
  });
});
