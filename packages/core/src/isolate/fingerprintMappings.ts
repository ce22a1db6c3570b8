import { createHash } from "node:crypto";
import type { CompiledMapping, CompiledValue, MappingSet } from "../compile";

/**
 * A digest of what a set of mappings evaluates: each mapping file's text and every program
 * compiled from it (which holds the library functions it uses), and which mapping handles
 * which event. Workers load the mapping folders themselves (compiled functions cannot cross
 * to them); equal digests show they load what the main thread loaded.
 */
export function fingerprintMappings(mappings: MappingSet, files: readonly string[]): string {
  const hash = createHash("sha256");
  for (const event of mappings.events) hash.update(`on ${event} ${mappings.forEvent(event)!.file.path}\n`);
  for (const file of files) {
    const mapping = mappings.forFile(file);
    if (mapping) addMapping(hash, mapping);
  }
  return hash.digest("hex");
}

function addMapping(hash: ReturnType<typeof createHash>, mapping: CompiledMapping): void {
  hash.update(`file ${mapping.file.path}\n${mapping.file.source.text}\n`);
  const values = [
    ...mapping.load.map((load) => load.id),
    ...mapping.calls.flatMap((call) => [call.each, call.when, call.body]),
    mapping.callsProgram,
  ];
  for (const value of values) hash.update(`value ${describeValue(value)}\n`);
}

function describeValue(value: CompiledValue | undefined): string {
  if (value === undefined) return "-";
  return "program" in value ? value.program.text : JSON.stringify(value.value);
}
