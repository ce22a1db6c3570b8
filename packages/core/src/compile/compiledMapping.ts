import type { CallType } from "../calls/segmentCall";
import type { Location } from "../diagnostics/location";
import type { LoadRequirement, MappingFile } from "../load";
import type { Program } from "./program";

/** A value computed at run time by a program, or fixed at compile time. */
export type CompiledValue = { program: Program; path: string; location: Location } | { value: unknown };

export interface CompiledCall {
  type: CallType;
  index: number;
  /** `calls[0].track`, for messages. */
  label: string;
  location: Location;
  body: CompiledValue;
  when?: CompiledValue;
  each?: CompiledValue;
}

export interface CompiledLoad extends Omit<LoadRequirement, "id"> {
  id: CompiledValue;
}

/** A mapping ready to evaluate: every expression compiled once. */
export interface CompiledMapping {
  file: MappingFile;
  /** The source events this mapping handles. */
  on: string[];
  load: CompiledLoad[];
  calls: CompiledCall[];
  /** The body of a `.jsonata` mapping: gives a call object or a list of them. */
  callsProgram?: CompiledValue;
}
