import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderSchemaFile, SCHEMA_FILES } from "./schemaFiles";

describe("published editor schemas", () => {
  for (const [file, schema] of Object.entries(SCHEMA_FILES)) {
    it(`${file} is in sync with its source (run \`pnpm --filter @trackmap/core schema\` to update)`, () => {
      const published = readFileSync(join(__dirname, "..", file), "utf8");
      expect(published).toBe(renderSchemaFile(schema));
    });
  }
});
