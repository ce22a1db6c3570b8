import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SegmentCall } from "../calls/segmentCall";
import { createJsonLinesDestination } from "./jsonLinesDestination";

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "trackmap-jsonl-"));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

const track: SegmentCall = { type: "track", event: "Order Completed", userId: "cus_1", properties: { total: 42.5 } };
const identify: SegmentCall = { type: "identify", userId: "cus_1", traits: { email: "jane@example.com" } };

describe("createJsonLinesDestination", () => {
  it("appends one JSON object per call per line, type included", async () => {
    const file = join(folder, "calls.jsonl");
    await writeFile(file, '{"type":"alias","userId":"a","previousId":"b"}\n');
    const destination = createJsonLinesDestination({ file });

    const outcomes = await Promise.all([destination.send(track), destination.send(identify)]);
    await destination.close();

    expect(outcomes.map((outcome) => outcome.status)).toEqual(["delivered", "delivered"]);
    const lines = (await readFile(file, "utf8")).split("\n");
    expect(lines).toEqual([
      '{"type":"alias","userId":"a","previousId":"b"}',
      '{"type":"track","event":"Order Completed","userId":"cus_1","properties":{"total":42.5}}',
      '{"type":"identify","userId":"cus_1","traits":{"email":"jane@example.com"}}',
      "",
    ]);
  });

  it("creates no file when it gets no call", async () => {
    const file = join(folder, "never.jsonl");

    await createJsonLinesDestination({ file }).close();

    await expect(readFile(file)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("fails with write_failed when the file cannot be written", async () => {
    const onFailure = vi.fn();
    const file = join(folder, "missing-folder", "calls.jsonl");
    const destination = createJsonLinesDestination({ file, onFailure });

    const outcome = await destination.send({ ...track, messageId: "m1" });
    await destination.close();

    expect(outcome).toMatchObject({
      status: "failed",
      error: { code: "write_failed", messageId: "m1", message: expect.stringContaining("ENOENT") },
    });
    expect(onFailure).toHaveBeenCalledTimes(1);
  });

  it("fails with write_failed for a call that is not JSON-serialisable", async () => {
    const destination = createJsonLinesDestination({ file: join(folder, "calls.jsonl") });

    const outcome = await destination.send({ ...track, properties: { big: 1n } });
    await destination.close();

    expect(outcome).toMatchObject({ status: "failed", error: { code: "write_failed" } });
  });

  it("refuses calls after close, and close is idempotent", async () => {
    const file = join(folder, "calls.jsonl");
    const destination = createJsonLinesDestination({ file });
    await destination.send(track);

    await Promise.all([destination.close(), destination.close()]);
    const late = await destination.send(identify);

    expect(late).toMatchObject({ status: "failed", error: { code: "destination_closed" } });
    expect((await readFile(file, "utf8")).trim().split("\n")).toHaveLength(1);
  });
});
