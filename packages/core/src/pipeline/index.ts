/** The stages composed: load → link → compile into a MappingSet, and map one event through evaluate → validate. */
export { loadMappings } from "./loadMappings";
export type { LoadOptions, LoadResult } from "./loadMappings";
export { mapEvent, mapInput } from "./mapEvent";
export type { EventMapper, MapEventOptions } from "./mapEvent";
