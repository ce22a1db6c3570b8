import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { freePort } from "../../scripts/embeddedPostgres";

/**
 * A real redis-server for the Redis event bus tests, on a free loopback port, without
 * persistence. The tests need the `redis-server` binary (Debian: apt-get install redis-server;
 * .ci/run installs it when missing).
 */
export async function startRedis(): Promise<{ url: string; stop: () => void }> {
  if (spawnSync("redis-server", ["--version"]).status !== 0) {
    throw new Error("These tests need redis-server on the PATH (Debian: apt-get install redis-server).");
  }
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
