/** Writes the editor schemas (mapping.schema.json, test-file.schema.json) from their sources. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { SCHEMA_FILES, renderSchemaFile } from "../src/schemaFiles";

for (const [file, schema] of Object.entries(SCHEMA_FILES)) {
  writeFileSync(join(__dirname, "..", file), renderSchemaFile(schema));
  console.log(`wrote ${file}`);
}
