import { createRequire } from "node:module";
import { join } from "node:path";
import type { V1Container } from "../lib/loadV1Record";

/** A Medusa v1 store booted in this process: its container, and what ends it. */
export interface BootedStore {
  container: V1Container;
  /** Disposes the container (which closes the plugin's service) and closes the database connections. */
  shutdown(): Promise<void>;
}

type Loaders = (options: { directory: string; expressApp: unknown; isTest: boolean }) => Promise<{
  container: V1Container;
  dbConnection?: { destroy(): Promise<void> };
  shutdown?: () => Promise<void>;
}>;

/**
 * Boots the Medusa v1 store of `directory` (its medusa-config.js, plugins and database) as Medusa
 * 1.20's own commands do (`user`, `seed`): its loaders with an Express app that never listens.
 * Medusa is taken from the store's own node_modules, so the store's version and plugins are used.
 *
 * This process must not take the running store's events, which its subscribers would handle only
 * until the command ends: the staged-job enqueuer is kept off, and Medusa is told it is a server
 * (`MEDUSA_WORKER_MODE=server`, for modules such as the Redis event bus that start workers
 * otherwise, unless medusa-config.js sets `worker_mode` itself).
 */
export async function bootStore(directory: string): Promise<BootedStore> {
  const storeRequire = createRequire(join(directory, "package.json"));
  let medusaPackage: string;
  try {
    medusaPackage = storeRequire.resolve("@medusajs/medusa/package.json");
  } catch {
    throw new Error(`No Medusa v1 store in ${directory}: @medusajs/medusa is not installed there (run the command from the store's folder).`);
  }
  const medusaRequire = createRequire(medusaPackage);
  const { version } = medusaRequire(medusaPackage) as { version: string };
  if (!version.startsWith("1."))
    throw new Error(
      `No Medusa v1 store in ${directory}: it has @medusajs/medusa ${version} (v2 runs the @trackmap/medusa plugin's scripts with \`npx medusa exec\`).`,
    );
  const eventBus = medusaRequire("./dist/services/event-bus").default as { prototype: { startEnqueuer(): void } };
  eventBus.prototype.startEnqueuer = () => undefined;
  process.env.MEDUSA_WORKER_MODE = "server";
  const express = medusaRequire("express") as () => unknown;
  const loaders = medusaRequire("./dist/loaders").default as Loaders;
  const { container, dbConnection, shutdown } = await loaders({ directory, expressApp: express(), isTest: false });
  return {
    container,
    async shutdown() {
      if (shutdown) await shutdown();
      else await dbConnection?.destroy();
    },
  };
}
