import { within } from "../shared/within";
import type { HostLog } from "./hostLog";

export interface CloseBeforeExitOptions {
  /** How long the exit may wait for `close`. Default 5 000 ms: a short-lived script should not hang. */
  deadlineMs?: number;
  log?: HostLog;
}

type Closer = () => Promise<void>;

/** Shared by every copy of this module in the process (a store may load the core twice), so process.exit is wrapped once. */
const REGISTRY = Symbol.for("trackmap.closeBeforeExit");

interface Registry {
  closers: Map<Closer, Required<CloseBeforeExitOptions>>;
  exiting?: Promise<void>;
}

/**
 * Runs `close` before the process ends, however it ends: when its work is done (`beforeExit`),
 * or when something calls `process.exit()` — as `medusa exec` does right after its script, and
 * as seeds and imports do — which otherwise ends the process at once and leaves claimed outbox
 * calls leased for minutes. The exit waits for every registered close, `deadlineMs` at most,
 * then happens with the code it was given. Returns a function that unregisters `close`.
 *
 * A process.exit() that waits returns to its caller meanwhile; code after it runs, as it would
 * if process.exit were asynchronous. Signals are the host's business (Medusa's shutdown hooks).
 */
export function closeBeforeExit(close: Closer, options: CloseBeforeExitOptions = {}): () => void {
  const registry = installRegistry();
  registry.closers.set(close, {
    deadlineMs: options.deadlineMs ?? 5_000,
    log: options.log ?? { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  return () => void registry.closers.delete(close);
}

function installRegistry(): Registry {
  const holder = process as unknown as Record<symbol, Registry | undefined>;
  const existing = holder[REGISTRY];
  if (existing) return existing;
  const registry: Registry = { closers: new Map() };
  holder[REGISTRY] = registry;

  const originalExit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) => {
    if (registry.closers.size === 0) return originalExit(code);
    if (code !== undefined && code !== null) process.exitCode = code;
    void closeAll(registry).finally(() => originalExit());
    return undefined as never;
  }) as typeof process.exit;

  // The event loop ran dry: closing may make new work (a flush), after which this fires again.
  process.on("beforeExit", () => {
    if (registry.closers.size && !registry.exiting) void closeAll(registry);
  });
  return registry;
}

/** Runs every registered close once, each bounded by its deadline. */
function closeAll(registry: Registry): Promise<void> {
  registry.exiting ??= (async () => {
    const closers = [...registry.closers];
    registry.closers.clear();
    await Promise.all(closers.map(([close, { deadlineMs, log }]) => closeWithin(close, deadlineMs, log)));
  })();
  return registry.exiting;
}

async function closeWithin(close: Closer, deadlineMs: number, log: HostLog): Promise<void> {
  const closing = close();
  closing.catch((error) => log.error(`closing before exit failed: ${(error as Error)?.message ?? error}`));
  if (!(await within(deadlineMs, closing))) log.warn(`the process is exiting: stopped waiting for delivery after ${deadlineMs} ms`);
}
