import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { freePort } from "../../scripts/embeddedPostgres";

const MISSING = "redis-server is not installed (Debian: apt-get install redis-server; .ci/run installs it)";

/**
 * A redis-server for a test file, or, where the program is missing, undefined and one skipped
 * test that says so: `npm`/`pnpm` cannot install it. In CI a missing redis-server fails the file
 * instead, so that these tests are never skipped there unnoticed.
 */
export async function startRedisOrSkip(): Promise<{ url: string; stop: () => void } | undefined> {
  if (spawnSync("redis-server", ["--version"]).status === 0) return startRedis();
  if (process.env.CI) throw new Error(`These tests need ${MISSING}.`);
  console.warn(`skipped: the Redis event bus tests, because ${MISSING}`);
  it.skip(`the Redis event bus tests (${MISSING})`, () => undefined);
  return undefined;
}

/**
 * A real redis-server for the Redis event bus tests, on a free loopback port, without
 * persistence. The tests need the `redis-server` binary (Debian: apt-get install redis-server;
 * .ci/run installs it when missing).
 */
export async function startRedis(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const server: ChildProcess = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  await waitForPort(port);
  return { url: `redis://127.0.0.1:${port}`, stop: () => void server.kill() };
}

async function waitForPort(port: number): Promise<void> {
  const { connect } = await import("node:net");
  for (let attempt = 0; attempt < 100; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not open port ${port}`);
}
