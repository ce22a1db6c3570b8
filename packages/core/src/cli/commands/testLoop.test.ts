import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runTrackmap as trackmap } from "../../testHelpers/runTrackmap";
import { writeTree } from "../../testHelpers/writeTree";
import { resolveStoreContext } from "../storeContext";
import { watchTests } from "./watchTests";

const MAPPING = `on: order.placed
load:
  order: { entity: order, id: = event.data.id }
calls:
  - track:
      event: Order Completed
      userId: = order.customer_id
      properties:
        order_id: = order.id
        total: = order.total
        currency: = order.currency_code
`;

const TESTS = `# The order tests: a comment that --update keeps.
cases:
  - name: an order
    input:
      order: { id: o1, customer_id: c1, total: 12.5, currency_code: eur }
    expect:
      - track:
          event: Order Completed
          # the total in major units
          properties: { order_id: o1, total: 13 }

  - name: another order
    input:
      order: { id: o2, customer_id: c2, total: 5, currency_code: usd }
    expect:
      - track: { event: Order Completed, properties: { total: 5 } }
`;

describe("trackmap test: the loop", () => {
  it("writes the actual values into a failing case with --update, keeping comments and layout, and then passes", async () => {
    const dir = await writeTree({ "m/order-placed.yaml": MAPPING, "m/order-placed.test.yaml": TESTS });
    const file = join(dir, "m/order-placed.test.yaml");

    const before = await trackmap("test", join(dir, "m"));
    const updated = await trackmap("test", join(dir, "m"), "--update");
    const after = await trackmap("test", join(dir, "m"));

    expect(before.code).toBe(1);
    expect(updated).toEqual({ code: 0, stdout: ` PASS  ${file} (2 case(s))\n\n2 passed, 0 failed\n`, stderr: "updated 1 case(s) in 1 file(s)\n" });
    expect(after.code).toBe(0);
    expect(await readFile(file, "utf8")).toBe(TESTS.replace("properties: { order_id: o1, total: 13 }", "properties: { order_id: o1, total: 12.5 }"));
  });

  it("replaces the expected list when the number of calls differs, without messageId or timestamp", async () => {
    const dir = await writeTree({
      "m/order-placed.yaml": MAPPING,
      "m/order-placed.test.yaml":
        "cases:\n  - name: n\n    input: { order: { id: o1, customer_id: c1, total: 1, currency_code: eur } }\n    expect: []\n",
    });
    const file = join(dir, "m/order-placed.test.yaml");

    expect((await trackmap("test", join(dir, "m"), "-u")).code).toBe(0);
    expect(await readFile(file, "utf8")).toBe(
      [
        "cases:",
        "  - name: n",
        "    input: { order: { id: o1, customer_id: c1, total: 1, currency_code: eur } }",
        "    expect:",
        "      - track:",
        "          event: Order Completed",
        "          userId: c1",
        "          properties:",
        "            order_id: o1",
        "            total: 1",
        "            currency: eur",
        "",
      ].join("\n"),
    );
  });

  it("runs only the cases whose name contains --filter", async () => {
    const dir = await writeTree({ "m/order-placed.yaml": MAPPING, "m/order-placed.test.yaml": TESTS });

    const { code, stdout } = await trackmap("test", join(dir, "m"), "-t", "another");

    expect(code).toBe(0);
    expect(stdout).toBe(` PASS  ${join(dir, "m/order-placed.test.yaml")} (1 case(s))\n\n1 passed, 0 failed\n`);
  });

  it("writes a JUnit report to --output-file, a failure per failing case with its diff", async () => {
    const dir = await writeTree({ "m/order-placed.yaml": MAPPING, "m/order-placed.test.yaml": TESTS });
    const report = join(dir, "junit.xml");

    const { code, stdout } = await trackmap("test", join(dir, "m"), "--reporter", "junit", "--output-file", report);
    const xml = await readFile(report, "utf8");

    expect({ code, stdout }).toEqual({ code: 1, stdout: `1 passed, 1 failed; junit report written to ${report}\n` });
    expect(xml).toContain('<testsuites name="trackmap" tests="2" failures="1" errors="0" skipped="0"');
    expect(xml).toContain(
      `<testcase classname="${join(dir, "m/order-placed.test.yaml")}" name="an order" file="${join(dir, "m/order-placed.test.yaml")}">`,
    );
    expect(xml).toContain(`<failure message="call 0 (track &quot;Order Completed&quot;): properties.total: expected 13, received 12.5"`);
    expect(xml).toContain("  properties.total:\n-   13\n+   12.5");
    expect(xml).toContain(`<testcase classname="${join(dir, "m/order-placed.test.yaml")}" name="another order"`);
  });

  it("warns of a mapping without a test file, and fails on it with --require-tests", async () => {
    const dir = await writeTree({
      "m/order-placed.yaml": MAPPING,
      "m/order-placed.test.yaml": TESTS.replace("13", "12.5"),
      "m/order-canceled.yaml": "on: order.canceled\ncalls: []\n",
      "m/lib/shared.yaml": "library: shared\nfunctions:\n  one: 'function() { 1 }'\n",
    });
    const untested = `${join(dir, "m/order-canceled.yaml")}: `;

    const warned = await trackmap("test", join(dir, "m"));
    const required = await trackmap("test", join(dir, "m"), "--require-tests");

    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain(`${untested}warning TM_MAPPING_UNTESTED this mapping has no test file`);
    expect(required.code).toBe(1);
    expect(required.stdout).toContain(`${untested}error TM_MAPPING_UNTESTED this mapping has no test file`);
  });

  it("refuses --output-file with the pretty reporter", async () => {
    const dir = await writeTree({ "m/order-placed.yaml": MAPPING, "m/order-placed.test.yaml": TESTS });

    expect(await trackmap("test", join(dir, "m"), "--output-file", join(dir, "out.txt"))).toEqual({
      code: 2,
      stdout: "",
      stderr: "trackmap: --output-file needs --reporter json or junit\n",
    });
  });
});

describe("trackmap test --watch", () => {
  it("runs again when a mapping changes, until stopped", async () => {
    const dir = await writeTree({ "m/order-placed.yaml": MAPPING, "m/order-placed.test.yaml": TESTS.replace("13", "12.5") });
    const context = resolveStoreContext(dir, { mappings: [join(dir, "m")] });
    let stdout = "";
    const out = {
      stdout: (text: string) => {
        stdout += text;
      },
      stderr: () => undefined,
      color: false,
    };
    const stop = new AbortController();

    const watching = watchTests(context, { testPaths: context.storeMappings, reporter: "pretty" }, out, stop.signal);
    await until(() => stdout.includes("2 passed, 0 failed"));
    await writeFile(join(dir, "m/order-placed.yaml"), MAPPING.replace("= order.total", "= order.total * 2"));
    await until(() => stdout.includes("0 passed, 2 failed"));
    stop.abort();

    expect(await watching).toBe(1);
    expect(stdout).toMatch(/change seen, running again\n FAIL {2}/);
  });
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50));
}
