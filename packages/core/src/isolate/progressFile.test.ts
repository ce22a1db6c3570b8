import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeTree } from "../testHelpers/writeTree";
import { createProgressWriter, readProgress } from "./progressFile";

const BODY = { path: "calls[0].track", location: { file: "mappings/order-placed.yaml", line: 34, column: 5 } };
const WHEN = { path: "calls[1].when", location: { file: "mappings/order-placed.yaml", line: 61, column: 5 } };

describe("progress files: the expression a worker is running, for the pool to name", () => {
  it("gives the last expression noted, and none after a clear", async () => {
    const path = join(await writeTree({}), "1");
    const writer = createProgressWriter(path);

    writer.clear();
    writer.note(WHEN);
    writer.note(BODY);
    const noted = readProgress(path);
    writer.clear();

    expect(noted).toEqual(BODY);
    expect(readProgress(path)).toBeUndefined();
  });

  it("neither fails a worker whose folder is gone nor gives anything to read from it", () => {
    const path = join("/nonexistent-trackmap-folder", "1");
    const writer = createProgressWriter(path);

    expect(() => writer.note(BODY)).not.toThrow();
    expect(readProgress(path)).toBeUndefined();
  });
});
