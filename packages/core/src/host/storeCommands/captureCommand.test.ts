import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RecordLoader } from "../../evaluate";
import { loadMappings } from "../../pipeline";
import { writeTree } from "../../testHelpers/writeTree";
import { captureInput } from "../capturedInput";
import { type CaptureCommandHost, captureUsage, readCaptureWords, runCaptureCommand } from "./captureCommand";

// The command over the real loading of a mapping's records, from records in memory.

const MAPPING = `on: order.placed
load:
  order: { entity: order, id: = event.data.id, fields: [items] }
calls:
  - track: { event: Order Completed, userId: = order.customer_id }
`;
const orders: Record<string, Record<string, unknown>> = {
  order_1: { id: "order_1", customer_id: "cus_1", password_hash: "secret", items: [{ sku: "MUG" }] },
  order_2: { id: "order_2", customer_id: "cus_2", items: [] },
  order_3: { id: "order_3", customer_id: "cus_3", items: [] },
};
const USAGE = captureUsage("  npx trackmap-v1 capture <event> <id...|last=N|data=JSON> [out=FOLDER]");

async function storeHost(): Promise<CaptureCommandHost> {
  const { mappings } = await loadMappings(await writeTree({ "order-placed.yaml": MAPPING }));
  const loader: RecordLoader = async ({ id }) => orders[String(id)] ?? null;
  return {
    mappings: async () => mappings,
    captureInput: (event) => captureInput(mappings.forEvent(event.name)!, event, loader, ["password_hash"]),
    newestIds: async (_entity, count) => Object.keys(orders).reverse().slice(0, count),
  };
}

async function run(args: string[], host: CaptureCommandHost) {
  const lines: string[] = [];
  const written = await runCaptureCommand(args, host, USAGE, { line: (text) => lines.push(text) });
  return { lines, written };
}

describe("the capture command", () => {
  it("writes one redacted fixture per id, as the mapping loads the records", async () => {
    const out = await writeTree({});
    const { written, lines } = await run(["order.placed", "order_1", `out=${out}`], await storeHost());
    expect(written).toEqual([join(out, "order-placed.order_1.json")]);
    expect(lines).toEqual([`Wrote 1 fixture(s):\n  ${written[0]}`]);
    expect(JSON.parse(await readFile(written[0]!, "utf8"))).toEqual({
      event: { name: "order.placed", data: { id: "order_1" } },
      order: { id: "order_1", customer_id: "cus_1", items: [{ sku: "MUG" }] },
    });
  });

  it("with last=N, captures the newest records of the mapping's first load", async () => {
    const out = await writeTree({});
    const { lines } = await run(["order.placed", "last=2", `out=${out}`, "--json"], await storeHost());
    expect(JSON.parse(lines[0]!)).toEqual({ written: [join(out, "order-placed.order_3.json"), join(out, "order-placed.order_2.json")] });
    expect((await readdir(out)).sort()).toEqual(["order-placed.order_2.json", "order-placed.order_3.json"]);
  });

  it("writes nothing for a record that is not there, and asks for one way of naming the events", async () => {
    const host = await storeHost();
    const out = await writeTree({});
    await expect(run(["order.placed", "order_9", `out=${out}`], host)).rejects.toThrow(/No fixture written for \{"id":"order_9"\}/);
    expect(await readdir(out)).toEqual([]);
    await expect(run(["order.placed", "last=2", "order_1"], host)).rejects.toThrow(/^Give ids, or one of last=N or data=JSON\./);
    await expect(run(["order.placed", "last=none"], host)).rejects.toThrow("last= must be a whole number, at least 1 (got none)");
    await expect(run(["cart.updated", "last=1"], host)).rejects.toThrow(
      'No mapping loads a record for "cart.updated": give its data with data=JSON.',
    );
    expect((await run([], host)).lines).toEqual([USAGE]);
  });
});

describe("readCaptureWords", () => {
  it("reads settings as key=value and every other word as an id", () => {
    expect(readCaptureWords(["order_1", "out=fixtures/v1", "order_2"])).toEqual({ id: ["order_1", "order_2"], out: "fixtures/v1" });
    expect(readCaptureWords(['data={"id":"o","return_id":"r"}'])).toEqual({ data: '{"id":"o","return_id":"r"}' });
  });
});
