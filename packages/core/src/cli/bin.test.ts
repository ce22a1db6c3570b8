import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// The one test that runs the real command in its own process: the exit code the shell
// sees, and a stdout that holds nothing but the JSON (errors go to stderr).

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

const PACKAGE = join(__dirname, "../..");
// A frozen copy of an early default mapping set, so these tests do not move with mappings/.
const EXAMPLE_MAPPINGS = join(PACKAGE, "src/__fixtures__/mappings");

function runBin(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // INIT_CWD would make bin.ts change directory (it is set when run through pnpm).
  const { INIT_CWD: _, ...env } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(join(PACKAGE, "node_modules/.bin/tsx"), [join(PACKAGE, "src/cli/bin.ts"), ...args], {
      cwd: PACKAGE,
      env: { ...env, NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("bin.ts (end to end)", () => {
  it("exits 1 on a mapping error, with only the JSON array of the other calls on stdout", async () => {
    const dir = await mkdtemp(join(tmpdir(), "trackmap-bin-"));
    dirs.push(dir);
    const fixture = JSON.parse(readFileSync(join(EXAMPLE_MAPPINGS, "fixtures/order-placed.registered.json"), "utf8"));
    fixture.order.total = "lots";
    await writeFile(join(dir, "input.json"), JSON.stringify(fixture));

    const { code, stdout, stderr } = await runBin([
      "run",
      "order.placed",
      "--input",
      join(dir, "input.json"),
      "--mappings",
      EXAMPLE_MAPPINGS,
      "--json",
    ]);
    const calls = JSON.parse(stdout);

    expect(code).toBe(1);
    expect(stdout).toBe(`${JSON.stringify(calls, null, 2)}\n`);
    expect(calls).toEqual([
      expect.objectContaining({ type: "identify", userId: "cus_01JDT4Y2H6P9Q3W8E5R7T1U4IO", traits: expect.objectContaining({ firstName: "Ada" }) }),
    ]);
    expect(stderr).toMatch(
      new RegExp(
        `^order\\.placed: ${EXAMPLE_MAPPINGS}/order-placed\\.yaml:\\d+:\\d+: TM_EVAL_ERROR T2001 The left side of the "-" operator must evaluate to a number \\(at calls\\[0\\]\\.track\\.properties\\.\\w+\\)\\n$`,
      ),
    );
  });
});
