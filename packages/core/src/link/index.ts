/** The link stage: resolves the libraries, functions and presets mappings use, and the mapping in force per event. */
export { linkMappings } from "./linkMappings";
export type { LinkedMapping, LinkResult } from "./linkMappings";
