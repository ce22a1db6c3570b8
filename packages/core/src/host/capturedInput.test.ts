import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RecordLoader } from "../evaluate";
import { loadMappings, mapInput } from "../pipeline";
import { writeTree } from "../testHelpers/writeTree";
import { fixtureFileName } from "./capturedInput";
import type { HostLog } from "./hostLog";
import { readHostOptions } from "./hostOptions";
import { HostRuntime } from "./hostRuntime";
import { OptionReader } from "./optionReader";

// A host whose records sit in a map; the mapping loads an order, then its customer by the order's field.
const ORDER_PLACED = `on: order.placed
load:
  order: { entity: order, id: = event.data.id, fields: [id, total, customer_id] }
  customer: { entity: customer, id: = order.customer_id, fields: [id, email] }
calls:
  - track:
      event: Order Completed
      userId: = customer.id
      properties: { order_id: = order.id, total: = order.total, email: = customer.email }
`;

const RECORDS: Record<string, Record<string, unknown>> = {
  order_1: { id: "order_1", total: 42, customer_id: "cus_1", created_at: new Date("2026-12-03T10:00:00.000Z") },
  cus_1: { id: "cus_1", email: "ada@example.com", password_hash: "$2b$10$secret", loyalty_card: "LC-991" },
};
const loader: RecordLoader = async ({ id }) => RECORDS[String(id)] ?? null;

let mappingsFolder: string;
let dir: string;
const runtimes: HostRuntime<unknown>[] = [];

beforeAll(async () => {
  dir = await writeTree({ "mappings/order-placed.yaml": ORDER_PLACED });
  mappingsFolder = join(dir, "mappings");
});
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((runtime) => runtime.close()));
});

function start(rawOptions: Record<string, unknown> = {}) {
  const lines: string[] = [];
  const log: HostLog = { info: (m) => lines.push(`info: ${m}`), warn: (m) => lines.push(`warn: ${m}`), error: (m) => lines.push(`error: ${m}`) };
  // A dry run (no write key): the calls are logged, nothing is sent.
  const options = readHostOptions(new OptionReader("@example/host", { isolate_evaluation: false, ...rawOptions }));
  const runtime = new HostRuntime<unknown>({
    packageName: "@example/host",
    options,
    logger: log,
    shippedMappings: mappingsFolder,
    recordLoader: () => loader,
  });
  runtimes.push(runtime);
  return { runtime, lines };
}

describe("captureInput: an event's input, loaded as the host loads it, as a fixture", () => {
  it("loads every record the mapping declares, in order, redacts them, and maps to the calls the host makes", async () => {
    const { runtime } = start({ redact: ["loyalty_card"] });
    const event = { name: "order.placed", data: { id: "order_1" } };

    const captured = await runtime.captureInput(event, {});

    expect(captured).toEqual({
      complete: true,
      errors: [],
      fixture: {
        event: { name: "order.placed", data: { id: "order_1" } },
        order: { id: "order_1", total: 42, customer_id: "cus_1", created_at: "2026-12-03T10:00:00.000Z" },
        customer: { id: "cus_1", email: "ada@example.com" },
      },
    });
    const { mappings } = await loadMappings(mappingsFolder);
    const mapping = mappings.forEvent("order.placed");
    if (!mapping) throw new Error("order.placed is not mapped");
    const fromFixture = await mapInput(mapping, "order.placed", captured.fixture);
    const tracked = await runtime.trackEvent(event, {});
    const withoutIds = (calls: { messageId?: string }[]) => calls.map(({ messageId: _, ...call }) => call);
    expect(withoutIds(fromFixture.calls)).toEqual(withoutIds(tracked?.calls ?? []));
    expect(fromFixture.calls).toHaveLength(1);
  });

  it("says which record could not be loaded, and that the fixture is incomplete", async () => {
    const { runtime } = start();

    const captured = await runtime.captureInput({ name: "order.placed", data: { id: "order_404" } }, {});

    expect(captured.complete).toBe(false);
    expect(captured.errors.map((error) => error.message)).toEqual([
      expect.stringMatching(/order\.placed: .*order-placed\.yaml:3:3: TM_RECORD_NOT_FOUND order "order_404" was not found \(at load\.order\)$/),
    ]);
  });

  it("refuses an event no mapping handles, naming the events that are mapped", async () => {
    const { runtime } = start();

    await expect(runtime.captureInput({ name: "order.canceled", data: { id: "order_1" } }, {})).rejects.toMatchObject({
      code: "TM_NO_MAPPING",
      message: 'no mapping handles "order.canceled"; mapped events: order.placed',
    });
  });
});

describe("capture_inputs: each mapped event's input written to a folder, in development", () => {
  it("writes the input of every mapped event as a fixture file, and says so at start-up", async () => {
    const folder = join(dir, "captured");
    const { runtime, lines } = start({ capture_inputs: folder });
    await runtime.logStart();

    await runtime.trackEvent({ name: "order.placed", data: { id: "order_1" } }, {});
    await runtime.trackEvent({ name: "order.canceled", data: { id: "order_1" } }, {});

    expect(await readdir(folder)).toEqual(["order-placed.order_1.json"]);
    expect(JSON.parse(await readFile(join(folder, "order-placed.order_1.json"), "utf8"))).toEqual({
      event: { name: "order.placed", data: { id: "order_1" } },
      order: { id: "order_1", total: 42, customer_id: "cus_1", created_at: "2026-12-03T10:00:00.000Z" },
      customer: { id: "cus_1", email: "ada@example.com", loyalty_card: "LC-991" },
    });
    expect(lines).toContain(`warn: [trackmap] capture_inputs: each mapped event's input is written to ${folder} (for development only)`);
  });

  it("is off in production, whatever the options say", async () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      expect(readHostOptions(new OptionReader("@example/host", { capture_inputs: "/tmp/inputs" })).captureInputs).toBeUndefined();
    } finally {
      process.env.NODE_ENV = before;
    }
    expect(readHostOptions(new OptionReader("@example/host", { capture_inputs: "/tmp/inputs" })).captureInputs).toBe("/tmp/inputs");
  });

  it("names files after the event and its id, or the time for data without one", () => {
    const at = new Date("2026-12-03T10:00:00.000Z");
    expect(fixtureFileName({ name: "order.placed", data: { id: "order_1" } }, at)).toBe("order-placed.order_1.json");
    expect(fixtureFileName({ name: "order.return_received", data: { order_id: "order_1" } }, at)).toBe(
      "order-return_received.2026-12-03T10-00-00.000Z.json",
    );
    expect(fixtureFileName({ name: "product.created", data: { id: "../../etc/passwd" } }, at)).toBe("product-created...-..-etc-passwd.json");
  });
});
