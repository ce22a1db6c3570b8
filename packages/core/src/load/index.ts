/** The load stage: reads mapping, library and test files and checks each on its own. */
export { readMappingFiles } from "./readMappingFiles";
export { readMappingFile, parseMappingText } from "./readMappingFile";
export type { ReadResult } from "./readMappingFile";
export type {
  CallTemplate,
  FunctionDefinition,
  LibraryFile,
  LoadPreset,
  LoadRequirement,
  MappingFile,
  ParsedFile,
} from "./mappingFile";
export type { ValueTemplate } from "./template";
export { collectExpressions, expressionOfScalar } from "./template";
export { parseExpression } from "./parseExpression";
export { MAX_EXPRESSION_DEPTH } from "./expressionDepth";
export { readYamlFile } from "./readYamlFile";
export { checkAgainstSchema } from "./schemaDiagnostics";
export { mappingSchema, MAPPING_SCHEMA_ID } from "./mappingSchema";
export { readDataFile, readObjectFile } from "./readObjectFile";
export { describeFileProblem, MAX_FILE_BYTES, MAX_INPUT_FILE_BYTES } from "./readTextFile";
export { MAX_YAML_ALIAS_COUNT } from "./yamlValue";
export { findFiles, isTestFile } from "./findFiles";
