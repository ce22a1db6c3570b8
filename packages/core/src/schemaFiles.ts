import { testFileSchema } from "./testing/testFileSchema";
import { mappingSchema } from "./load";

/** The JSON Schema files published for editors, by file name (in the package root). */
export const SCHEMA_FILES: Record<string, object> = {
  "mapping.schema.json": mappingSchema,
  "test-file.schema.json": testFileSchema,
};

export function renderSchemaFile(schema: object): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
