import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runTrackmap as trackmap } from "../../testHelpers/runTrackmap";
import { writeTree } from "../../testHelpers/writeTree";

describe("trackmap init", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes the configuration, an example mapping whose test passes, and VS Code's schemas from node_modules", async () => {
    const dir = await writeTree({ "package.json": "{}", "node_modules/@trackmap/core/package.json": '{ "name": "@trackmap/core" }' });
    vi.spyOn(process, "cwd").mockReturnValue(dir);

    const init = await trackmap("init");
    const test = await trackmap("test");
    const validate = await trackmap("validate");

    expect(init).toEqual({
      code: 0,
      stdout: [
        "wrote trackmap.config.json",
        "wrote trackmap/product-created.yaml",
        "wrote trackmap/product-created.test.yaml",
        "wrote .vscode/settings.json",
        "",
        "next: npx trackmap test   (then edit trackmap/product-created.yaml, or add a mapping per event)",
        "",
      ].join("\n"),
      stderr: "",
    });
    expect(test).toEqual({
      code: 0,
      stdout: ` PASS  ${join(dir, "trackmap/product-created.test.yaml")} (1 case(s))\n\n1 passed, 0 failed\n`,
      stderr: "",
    });
    expect(validate).toEqual({ code: 0, stdout: "✔ valid: 1 mapping file(s), 1 test file(s), 1 event(s) mapped\n", stderr: "" });
    expect(JSON.parse(await readFile(join(dir, "trackmap.config.json"), "utf8"))).toEqual({ mappings: ["trackmap"] });
    expect(JSON.parse(await readFile(join(dir, ".vscode/settings.json"), "utf8"))).toEqual({
      "yaml.schemas": {
        "./node_modules/@trackmap/core/mapping.schema.json": ["trackmap/**/*.yaml", "!trackmap/**/*.test.yaml"],
        "./node_modules/@trackmap/core/test-file.schema.json": "trackmap/**/*.test.yaml",
      },
    });
    expect((await readFile(join(dir, "trackmap/product-created.yaml"), "utf8")).split("\n")[0]).toBe(
      "# yaml-language-server: $schema=../node_modules/@trackmap/core/mapping.schema.json",
    );
  });

  it("writes a cart.created example in a Medusa v1 store, which v1 emits", async () => {
    const dir = await writeTree({
      "package.json": JSON.stringify({ dependencies: { "@trackmap/medusa-v1": "0.1.0" } }),
      "node_modules/@trackmap/medusa-v1/package.json": JSON.stringify({ name: "@trackmap/medusa-v1", version: "0.1.0" }),
      "node_modules/@trackmap/medusa-v1/mappings/lib/v1.yaml": "library: v1\nfunctions: {}\n",
    });
    vi.spyOn(process, "cwd").mockReturnValue(dir);

    const init = await trackmap("init");
    const test = await trackmap("test");

    expect(init.stdout).toContain("wrote trackmap/cart-created.yaml\nwrote trackmap/cart-created.test.yaml\n");
    expect(test).toEqual({
      code: 0,
      stdout: ` PASS  ${join(dir, "trackmap/cart-created.test.yaml")} (1 case(s))\n\n1 passed, 0 failed\n`,
      stderr: "",
    });
  });

  it("keeps existing files unless --force", async () => {
    const dir = await writeTree({ "trackmap.config.json": '{ "mappings": ["mine"] }' });
    vi.spyOn(process, "cwd").mockReturnValue(dir);

    expect(await trackmap("init")).toEqual({
      code: 2,
      stdout: "",
      stderr: "trackmap: trackmap.config.json already there: give --force to overwrite\n",
    });
    expect(await readFile(join(dir, "trackmap.config.json"), "utf8")).toBe('{ "mappings": ["mine"] }');
  });
});
