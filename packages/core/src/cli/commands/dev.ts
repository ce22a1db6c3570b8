import type { Output } from "../output";
import { startPlayground, type Playground } from "../dev/playgroundServer";

export interface DevOptions {
  port?: number;
  segmentPort?: number;
}

/**
 * `trackmap dev`: the playground in the browser, and the local Segment endpoint, until the
 * process is stopped (Ctrl-C). Resolves with 0 once closed by a signal.
 */
export async function devCommand(folders: readonly string[], options: DevOptions, out: Output, stopped = untilInterrupted()): Promise<number> {
  const playground: Playground = await startPlayground({ folders, port: options.port, segmentPort: options.segmentPort });
  out.stdout(
    `trackmap dev: ${playground.url}\n` +
      `  mappings: ${folders.join(", ")}\n` +
      `  Segment endpoint: ${playground.segmentUrl} (set the plugin's host option to it; any write key)\n` +
      "Ctrl-C to stop.\n",
  );
  await stopped;
  await playground.close();
  return 0;
}

function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}
