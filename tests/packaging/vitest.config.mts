import { defineConfig } from "vitest/config";

// npm installs a Medusa store from the registry (about a minute) and Medusa migrates a fresh database.
export default defineConfig({
  test: {
    include: ["*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 1_200_000,
  },
});
