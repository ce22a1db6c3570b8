import { symlink } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { linkToDevZero, makeFifo, TOO_LARGE } from "../testHelpers/hostileFiles";
import { writeTree } from "../testHelpers/writeTree";
import { fileProblemDiagnostic, MAX_FILE_BYTES, readTextFile } from "./readTextFile";

describe("readTextFile", () => {
  it("reads a regular file, and one through a symlink, as UTF-8", async () => {
    const dir = await writeTree({ "a.yaml": "on: order.placed # café\n" });
    await symlink(join(dir, "a.yaml"), join(dir, "link.yaml"));

    expect(await readTextFile(join(dir, "a.yaml"))).toEqual({ text: "on: order.placed # café\n" });
    expect(await readTextFile(join(dir, "link.yaml"))).toEqual({ text: "on: order.placed # café\n" });
  });

  it("reads a file of exactly 1 MiB, and refuses one byte more without reading it", async () => {
    const dir = await writeTree({ "limit.yaml": TOO_LARGE.slice(1), "large.yaml": TOO_LARGE });

    expect(await readTextFile(join(dir, "limit.yaml"))).toEqual({ text: TOO_LARGE.slice(1) });
    expect(await readTextFile(join(dir, "large.yaml"))).toEqual({ problem: "too-large", size: MAX_FILE_BYTES + 1, limit: MAX_FILE_BYTES });
  });

  it("skips a FIFO at once instead of waiting for a writer", async () => {
    const dir = await writeTree({});
    const fifo = makeFifo(dir, "a.yaml");

    expect(await readTextFile(fifo)).toEqual({ problem: "not-regular", kind: "a FIFO (named pipe)" });
  });

  it("skips a symlink to /dev/zero as the device it points to", async () => {
    const dir = await writeTree({});
    const zero = await linkToDevZero(dir, "a.yaml");

    expect(await readTextFile(zero)).toEqual({ problem: "not-regular", kind: "a device" });
  });

  it("reports a missing file and a folder as unreadable", async () => {
    const dir = await writeTree({});

    expect(await readTextFile(join(dir, "missing.yaml"))).toEqual({ problem: "unreadable", reason: "ENOENT" });
    expect(await readTextFile(dir)).toEqual({ problem: "unreadable", reason: "EISDIR" });
  });
});

describe("fileProblemDiagnostic", () => {
  it("warns about a skipped file, and reports a too large or unreadable one as an error", () => {
    expect(fileProblemDiagnostic("m/a.yaml", { problem: "not-regular", kind: "a FIFO (named pipe)" })).toEqual({
      code: "TM_FILE_SKIPPED",
      severity: "warning",
      file: "m/a.yaml",
      line: 0,
      column: 0,
      message: "skipped: it is a FIFO (named pipe), not a regular file",
      hint: "only regular files (or symlinks to them) are read",
    });
    expect(fileProblemDiagnostic("m/a.yaml", { problem: "too-large", size: 5_000_000, limit: MAX_FILE_BYTES })).toEqual({
      code: "TM_FILE_TOO_LARGE",
      severity: "error",
      file: "m/a.yaml",
      line: 0,
      column: 0,
      message: "not read: it is larger than 1 MiB (1048576 bytes), the most trackmap reads",
      hint: "split it into smaller files",
    });
    expect(fileProblemDiagnostic("m/a.yaml", { problem: "unreadable", reason: "EACCES" })).toEqual({
      code: "TM_FILE_UNREADABLE",
      severity: "error",
      file: "m/a.yaml",
      line: 0,
      column: 0,
      message: "cannot read the file (EACCES)",
    });
  });
});
