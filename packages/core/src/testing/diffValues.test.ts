import { describe, expect, it } from "vitest";
import { diffValues } from "./diffValues";

const order = {
  type: "track",
  event: "Order Completed",
  properties: {
    order_id: "order_1",
    currency: "EUR",
    total: 59.34,
    products: [
      { sku: "SHIRT", price: 50, quantity: 1 },
      { sku: "PANTS", price: 9.34, quantity: 1 },
    ],
  },
};

describe("diffValues", () => {
  it("shows a changed value on its own line, with two unchanged lines around it and where it is", () => {
    const received = structuredClone(order);
    received.properties.products[1]!.price = 9.99;

    expect(diffValues(order, received)).toBe(
      [
        "- Expected",
        "+ Received",
        "",
        "@@ -11,5 +11,5 @@",
        "        },",
        "        {",
        '-         "price": 9.34,',
        '+         "price": 9.99,',
        '          "quantity": 1,',
        '          "sku": "PANTS",',
      ].join("\n"),
    );
  });

  it("shows an added key as one added line, since every entry ends with a comma and keys are sorted", () => {
    expect(diffValues({ type: "identify", userId: "u" }, { userId: "u", type: "identify", anonymousId: "a" })).toBe(
      ["- Expected", "+ Received", "", "@@ -1,3 +1,4 @@", "  {", '+   "anonymousId": "a",', '    "type": "identify",', '    "userId": "u",'].join(
        "\n",
      ),
    );
  });

  it("leaves the line header out when the diff shows every line", () => {
    expect(diffValues({ type: "identify", userId: "v" }, { type: "identify", userId: "u" })).toBe(
      ["- Expected", "+ Received", "", "  {", '    "type": "identify",', '-   "userId": "v",', '+   "userId": "u",', "  }"].join("\n"),
    );
  });

  it("gives one part per distant change", () => {
    const received = structuredClone(order);
    received.event = "Order Updated";
    received.properties.total = 60;

    expect(diffValues(order, received)).toBe(
      [
        "- Expected",
        "+ Received",
        "",
        "@@ -1,4 +1,4 @@",
        "  {",
        '-   "event": "Order Completed",',
        '+   "event": "Order Updated",',
        '    "properties": {',
        '      "currency": "EUR",',
        "@@ -16,5 +16,5 @@",
        "        },",
        "      ],",
        '-     "total": 59.34,',
        '+     "total": 60,',
        "    },",
        '    "type": "track",',
      ].join("\n"),
    );
  });

  it("tells apart what JSON would blur: a string from a number, NaN and Infinity from null, empty lists and objects", () => {
    expect(diffValues({ a: "1", b: null, c: [], d: {} }, { a: 1, b: Number.NaN, c: {}, d: Number.POSITIVE_INFINITY })).toBe(
      [
        "- Expected",
        "+ Received",
        "",
        "  {",
        '-   "a": "1",',
        '-   "b": null,',
        '-   "c": [],',
        '-   "d": {},',
        '+   "a": 1,',
        '+   "b": NaN,',
        '+   "c": {},',
        '+   "d": Infinity,',
        "  }",
      ].join("\n"),
    );
  });

  it("prints a value met again inside itself as [Circular] instead of looping", () => {
    const looped: Record<string, unknown> = { name: "a" };
    looped.self = looped;

    expect(diffValues({ name: "b" }, looped)).toBe(
      ["- Expected", "+ Received", "", "  {", '-   "name": "b",', '+   "name": "a",', '+   "self": [Circular],', "  }"].join("\n"),
    );
  });

  it("gives nothing when both sides print the same", () => {
    expect(diffValues({ b: 1, a: [2] }, { a: [2], b: 1 })).toBeUndefined();
  });

  it("colours expected lines green, received lines red, unchanged lines dim and line headers yellow", () => {
    const received = structuredClone(order);
    received.properties.total = 60;

    const lines = diffValues(order, received, { color: true })!.split("\n");

    expect(lines.slice(0, 4)).toEqual(["\x1b[32m- Expected\x1b[39m", "\x1b[31m+ Received\x1b[39m", "", "\x1b[33m@@ -16,5 +16,5 @@\x1b[39m"]);
    expect(lines).toContain('\x1b[32m-     "total": 59.34,\x1b[39m');
    expect(lines).toContain('\x1b[31m+     "total": 60,\x1b[39m');
    expect(lines).toContain("\x1b[2m      ],\x1b[22m");
  });
});
