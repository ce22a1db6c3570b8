import { defineConfig } from "vitest/config";

// Medusa's integration test runner is written for Jest-style globals and boots a whole
// app per file: one file at a time, in forked processes, with long timeouts.
export default defineConfig({
  test: {
    include: ["integration-tests/**/*.spec.ts"],
    globals: true,
    pool: "forks",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    globalSetup: ["integration-tests/setup/startPostgres.ts"],
  },
});
