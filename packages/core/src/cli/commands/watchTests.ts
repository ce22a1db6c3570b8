import { watch } from "chokidar";
import type { Output } from "../output";
import type { StoreContext } from "../storeContext";
import { testCommand, type TestOptions } from "./test";

/**
 * `trackmap test --watch`: runs the tests, then again whenever a file under the mapping folders
 * changes (mappings, tests, fixtures, libraries, the tracking plan), until interrupted. Changes that
 * arrive during a run start one more run after it.
 */
export async function watchTests(context: StoreContext, options: TestOptions, out: Output, signal?: AbortSignal): Promise<number> {
  const watcher = watch([...context.layers, ...options.testPaths], { ignoreInitial: true, ignored: (path) => path.includes("node_modules") });
  let code = 1;
  let running: Promise<void> | undefined;
  let again = false;
  const runUntilSettled = async (first: boolean) => {
    do {
      again = false;
      if (!first) out.stdout(`\n${"─".repeat(20)} ${new Date().toLocaleTimeString()} change seen, running again\n`);
      code = await testCommand(context, first ? options : { ...options, update: false }, out);
      first = false;
    } while (again);
    running = undefined;
  };
  const rerun = () => {
    if (running) again = true;
    else running = runUntilSettled(false);
  };
  watcher.on("all", rerun);
  // The first run starts once the watcher has seen the files: a change saved before that would be missed.
  await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  running = runUntilSettled(true);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      resolve();
    };
    signal?.addEventListener("abort", stop, { once: true });
    process.once("SIGINT", stop);
  });
  await watcher.close();
  await running;
  return code;
}
