import { describe, expect, it } from "vitest";
import { writeTree } from "../../testHelpers/writeTree";
import type { Output } from "../output";
import { devCommand } from "./dev";

const MAPPING = "on: customer.created\ncalls:\n  - identify: { userId: = event.data.id }\n";

describe("trackmap dev", () => {
  it("serves the playground and a Segment endpoint until stopped, says where, and keeps to the mapping folders", async () => {
    const dir = await writeTree({
      "mappings/customer-created.yaml": MAPPING,
      "mappings/fixtures/customer.json": '{"event":{"data":{"id":"cus_1"}}}',
    });
    const lines: string[] = [];
    const out: Output = { stdout: (text) => lines.push(text), stderr: (text) => lines.push(text), color: false };
    const printed = () => lines.join("");
    let stop = () => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));

    const exited = devCommand([`${dir}/mappings`], {}, out, stopped);
    await expect.poll(printed).toContain("Ctrl-C to stop.");
    const [, page] = /trackmap dev: (\S+)/.exec(printed()) ?? [];
    const [, segment] = /Segment endpoint: (\S+)/.exec(printed()) ?? [];
    const files = await (await fetch(`${page}api/files`)).json();
    const answer = await fetch(`${page}api/evaluate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ mapping: `${dir}/mappings/customer-created.yaml`, fixture: `${dir}/mappings/fixtures/customer.json` }),
    });
    const outside = await fetch(`${page}api/source?path=/etc/passwd`);
    // What another site's page could send without the browser asking first.
    const form = await fetch(`${page}api/save`, {
      method: "POST",
      body: JSON.stringify({ mapping: `${dir}/mappings/customer-created.yaml`, text: "" }),
    });
    stop();

    expect(await exited).toBe(0);
    expect(files).toEqual({
      mappings: [expect.objectContaining({ path: `${dir}/mappings/customer-created.yaml`, events: ["customer.created"] })],
      fixtures: [expect.objectContaining({ path: `${dir}/mappings/fixtures/customer.json` })],
      segmentUrl: segment,
    });
    const { calls } = (await answer.json()) as { calls: unknown[] };
    expect(calls).toEqual([{ call: expect.objectContaining({ type: "identify", userId: "cus_1" }), bytes: expect.any(Number) }]);
    expect(await outside.json()).toEqual({ error: "not a file of the mapping folders: /etc/passwd" });
    expect([form.status, await form.json()]).toEqual([400, { error: "a POST must be sent as application/json" }]);
    await expect(fetch(page ?? "")).rejects.toThrow();
  });
});
