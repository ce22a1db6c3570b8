import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findFiles, isMappingFile } from "./findFiles";

describe("findFiles", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "trackmap-find-"));
  });
  // GNU rm walks a tree of any depth; fs.rm stops at paths longer than PATH_MAX.
  afterEach(() => execFileSync("rm", ["-rf", root]));

  it("finds mapping files in sorted order, past node_modules, fixtures and hidden folders", async () => {
    for (const file of ["b/order.yaml", "a.yaml", "a.test.yaml", "node_modules/x.yaml", "fixtures/f.yaml", ".git/g.yaml", "notes.md"]) {
      await mkdir(join(root, file, ".."), { recursive: true });
      await writeFile(join(root, file), "");
    }

    const found = await findFiles(root, isMappingFile);

    expect(found).toEqual({ files: [join(root, "a.yaml"), join(root, "b/order.yaml")], problems: [] });
  });

  it("says undefined for a path that does not exist, and gives a file path back as itself", async () => {
    await writeFile(join(root, "one.yaml"), "");

    expect(await findFiles(join(root, "missing"), isMappingFile)).toBeUndefined();
    expect(await findFiles(join(root, "one.yaml"), isMappingFile)).toEqual({ files: [join(root, "one.yaml")], problems: [] });
  });

  it("reports a folder it cannot list instead of leaving its mappings out unseen", async () => {
    // Folders nested past PATH_MAX (4096 bytes) cannot be listed by their full path (ENAMETOOLONG),
    // whoever runs the test (root reads a mode 000 folder, so permissions cannot show it). The shell
    // makes them one `cd` at a time, each path relative and short.
    execFileSync("bash", [
      "-c",
      `cd "$1" && for i in $(seq 25); do mkdir ${"d".repeat(200)} && cd ${"d".repeat(200)}; done && touch x.yaml`,
      "-",
      root,
    ]);
    await writeFile(join(root, "top.yaml"), "");

    const found = await findFiles(root, isMappingFile);

    expect(found?.files).toEqual([join(root, "top.yaml")]);
    expect(found?.problems).toEqual([
      expect.objectContaining({
        code: "TM_FILE_UNREADABLE",
        severity: "error",
        message: expect.stringMatching(/^cannot list the folder \(ENAMETOOLONG\): its files are not loaded$/),
      }),
    ]);
  });
});
