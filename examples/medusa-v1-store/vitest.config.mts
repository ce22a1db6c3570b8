import { defineConfig } from "vitest/config";

// One Medusa v1 app per test file, booted in the test process: files one at a time, in forks.
export default defineConfig({
  test: {
    include: ["integration-tests/**/*.spec.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 60_000,
    // Migrating and seeding 1.20 then booting it takes minutes on a loaded 2-core machine.
    hookTimeout: 600_000,
    globalSetup: ["integration-tests/setup/startPostgres.ts"],
  },
});
