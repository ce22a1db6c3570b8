import { defineConfig } from "vitest/config";

export default defineConfig({
  // Lets tests import @trackmap/core's test helpers, which it exports to the workspace only (under this condition).
  ssr: { resolve: { conditions: ["trackmap-workspace"] } },
  test: { include: ["src/**/*.test.ts"] },
});
