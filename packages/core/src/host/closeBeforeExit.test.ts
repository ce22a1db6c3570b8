import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** Runs `body` in a fresh Node process with closeBeforeExit imported; returns its exit code and output. */
function runScript(body: string): { status: number | null; output: string } {
  const folder = mkdtempSync(join(tmpdir(), "trackmap-exit-"));
  const script = join(folder, "script.ts");
  writeFileSync(
    script,
    `import { closeBeforeExit } from ${JSON.stringify(join(__dirname, "closeBeforeExit.ts"))};\n` +
      `const log = { info: (m: string) => console.log("info: " + m), warn: (m: string) => console.log("warn: " + m), error: (m: string) => console.log("error: " + m) };\n` +
      body,
  );
  const result = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

// Each test starts a Node process with a TypeScript loader: seconds on a loaded machine.
describe("closeBeforeExit: delivery is given its chance however a short-lived process ends", { timeout: 90_000 }, () => {
  it("delays process.exit() until close has finished, then exits with the code it was given", () => {
    const { status, output } = runScript(`
      closeBeforeExit(async () => { await new Promise((r) => setTimeout(r, 300)); console.log("closed"); }, { log });
      console.log("script done");
      process.exit(3);
    `);

    expect(output).toBe("script done\nclosed");
    expect(status).toBe(3);
  });

  it("exits after the deadline when close never finishes, and says so", () => {
    const started = Date.now();
    const { status, output } = runScript(`
      closeBeforeExit(() => new Promise(() => setInterval(() => {}, 1000)), { deadlineMs: 300, log });
      process.exit(0);
    `);

    expect(output).toBe("warn: the process is exiting: stopped waiting for delivery after 300 ms");
    expect(status).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("closes when the process runs out of work, and once only", () => {
    const { status, output } = runScript(`
      let times = 0;
      closeBeforeExit(async () => { await new Promise((r) => setTimeout(r, 50)); console.log("closed " + ++times); }, { log });
      closeBeforeExit(async () => { throw new Error("database gone"); }, { log });
    `);

    expect(output).toBe("error: closing before exit failed: database gone\nclosed 1");
    expect(status).toBe(0);
  });

  it("exits at once when nothing is registered any more", () => {
    const { status, output } = runScript(`
      const unregister = closeBeforeExit(async () => { console.log("closed"); }, { log });
      unregister();
      process.exit(4);
    `);

    expect(output).toBe("");
    expect(status).toBe(4);
  });
});
