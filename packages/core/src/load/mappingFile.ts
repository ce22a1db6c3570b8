import type { CallType } from "../calls/segmentCall";
import type { Location } from "../diagnostics/location";
import type { SourceFile } from "../diagnostics/sourceFile";
import type { ExpressionSource } from "../diagnostics/expressionSource";
import type { ValueTemplate } from "./template";

/** A record the host must load before the calls are evaluated (handed to the adapter). */
export interface LoadRequirement {
  /** Name of the record in the input, e.g. `order`. */
  name: string;
  /** Entity to load, e.g. `order` (from the preset when the load names one). */
  entity: string;
  /** A library preset this load starts from (resolved when the mapping is loaded). */
  preset?: { name: string; location: Location };
  /** The record's id, usually `= event.data.id`. */
  id: ValueTemplate;
  /** Fields in Medusa Query syntax; empty means the loader's default. */
  fields: string[];
  /** When true a missing record becomes `null`; otherwise it is an error. */
  optional: boolean;
  location: Location;
}

export interface FunctionDefinition {
  name: string;
  expression: ExpressionSource;
  location: Location;
}

/** One entry of `calls:`. */
export interface CallTemplate {
  type: CallType;
  /** Position in `calls:`. */
  index: number;
  /** The call's fields: an object template, or one expression giving the object. */
  body: ValueTemplate;
  when?: ValueTemplate;
  each?: ValueTemplate;
  location: Location;
}

interface FileCommon {
  /** Path as given by the caller. */
  path: string;
  source: SourceFile;
  description?: string;
  use: Array<{ name: string; location: Location }>;
  functions: FunctionDefinition[];
  /** Index of the root (directory) it was loaded from: later roots override earlier ones. */
  root: number;
}

export interface MappingFile extends FileCommon {
  kind: "mapping";
  on: string[];
  onLocation: Location;
  load: LoadRequirement[];
  /** Calls written in YAML. */
  calls: CallTemplate[];
  /** The body of a `.jsonata` mapping: gives one call object (with `type`) or a list of them. */
  callsExpression?: ExpressionSource;
}

/** A named record (entity and fields) of a library, loaded by mappings with `preset:`. */
export interface LoadPreset {
  name: string;
  entity: string;
  fields: string[];
  location: Location;
}

export interface LibraryFile extends FileCommon {
  kind: "library";
  name: string;
  nameLocation: Location;
  presets: LoadPreset[];
}

export type ParsedFile = MappingFile | LibraryFile;
