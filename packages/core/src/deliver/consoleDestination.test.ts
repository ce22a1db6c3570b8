import { describe, expect, it } from "vitest";
import type { SegmentCall } from "../calls/segmentCall";
import { createConsoleDestination, formatCall } from "./consoleDestination";

function capture() {
  const printed: string[] = [];
  const destination = createConsoleDestination({ write: (text) => printed.push(text), color: false });
  return { destination, printed };
}

describe("createConsoleDestination", () => {
  it("prints a header line, then the payload as indented JSON", async () => {
    const { destination, printed } = capture();
    const call: SegmentCall = {
      type: "track",
      event: "Order Completed",
      userId: "cus_1",
      messageId: "order_1-completed",
      timestamp: "2024-05-01T10:00:00.000Z",
      properties: { order_id: "order_1", products: [{ sku: "TS-M" }] },
      context: { ip: "203.0.113.7" },
    };

    const outcome = await destination.send(call);

    expect(outcome).toEqual({ status: "delivered", call });
    expect(printed).toEqual([
      [
        'track "Order Completed"  userId=cus_1  messageId=order_1-completed  timestamp=2024-05-01T10:00:00.000Z',
        "  properties: {",
        '    "order_id": "order_1",',
        '    "products": [',
        "      {",
        '        "sku": "TS-M"',
        "      }",
        "    ]",
        "  }",
        "  context: {",
        '    "ip": "203.0.113.7"',
        "  }",
        "",
      ].join("\n"),
    ]);
  });

  it("puts the identifying fields of each call type on the header line", () => {
    const headers = (
      [
        { type: "identify", userId: "cus_1" },
        { type: "group", userId: "cus_1", groupId: "company_9" },
        { type: "page", anonymousId: "anon_7", category: "Store", name: "Checkout" },
        { type: "alias", userId: "cus_1", previousId: "anon_7" },
      ] satisfies SegmentCall[]
    ).map((call) => formatCall(call));

    expect(headers).toEqual([
      "identify  userId=cus_1\n",
      "group  groupId=company_9  userId=cus_1\n",
      'page "Store / Checkout"  anonymousId=anon_7\n',
      "alias  previousId=anon_7  userId=cus_1\n",
    ]);
  });

  it("prints traits for identify calls", () => {
    expect(formatCall({ type: "identify", userId: "cus_1", traits: { email: "jane@example.com" } })).toBe(
      'identify  userId=cus_1\n  traits: {\n    "email": "jane@example.com"\n  }\n',
    );
  });

  it("colours only when asked to", () => {
    const call: SegmentCall = { type: "track", event: "Order Completed", userId: "cus_1" };

    expect(formatCall(call, { color: true })).toContain("\u001b[");
    expect(formatCall(call, { color: false })).not.toContain("\u001b[");
  });

  it("refuses calls after close", async () => {
    const { destination, printed } = capture();
    await destination.close();

    const outcome = await destination.send({ type: "identify", userId: "cus_1", messageId: "m1" });

    expect(outcome).toMatchObject({ status: "failed", error: { code: "destination_closed", messageId: "m1" } });
    expect(printed).toEqual([]);
  });
});
