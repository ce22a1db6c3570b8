import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const STORE = join(__dirname, "..", "..");

export interface MedusaProcess {
  readonly child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the first match of `pattern` in its output; rejects, with the output, after `timeoutMs` or if it exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
}

/**
 * Medusa's CLI in the example store as a separate process (`medusa start`, `medusa exec ...`),
 * as a deployment runs it: for tests where processes are killed, restarted or run side by side.
 */
export function startMedusaProcess(args: string[], env: Record<string, string>): MedusaProcess {
  const child = spawn(join(STORE, "node_modules/.bin/medusa"), args, {
    cwd: STORE,
    env: { ...process.env, NODE_OPTIONS: "", LOG_LEVEL: "info", ...env },
  });
  let output = "";
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | string>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal ?? "unknown")));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    for (const listener of listeners) listener();
  });

  return {
    child,
    output: () => output,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const fail = (why: string) => {
          cleanup();
          reject(new Error(`medusa ${args.join(" ")}: ${why} before printing ${pattern}. Its output:\n${output.slice(-6000)}`));
        };
        const check = () => {
          const match = output.match(pattern);
          if (match) {
            cleanup();
            resolve(match);
          } else if (hasExited) {
            fail("exited");
          }
        };
        const timer = setTimeout(() => fail(`${timeoutMs} ms passed`), timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
  };
}
