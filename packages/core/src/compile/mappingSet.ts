import { resolve } from "node:path";
import type { LinkedMapping, LinkResult } from "../link";
import type { CompiledMapping } from "./compiledMapping";
import { compileMapping } from "./compileMapping";
import type { EvaluationLimits } from "./limits";

/** The mappings in force: for each event, the one from the last root that handles it. */
export class MappingSet {
  private readonly byEvent: Map<string, CompiledMapping>;
  /** Each valid mapping file, compiled on first use: overridden ones are only needed by their tests. */
  private readonly byFile: Map<string, () => CompiledMapping>;

  constructor(byEvent: Map<string, CompiledMapping>, byFile = new Map<string, () => CompiledMapping>()) {
    this.byEvent = byEvent;
    this.byFile = byFile;
  }

  forEvent(eventName: string): CompiledMapping | undefined {
    return this.byEvent.get(eventName);
  }

  /** The mapping compiled from a file, even one overridden by a later root (for its tests). */
  forFile(path: string): CompiledMapping | undefined {
    return this.byFile.get(resolve(path))?.();
  }

  /** Events handled, sorted. */
  get events(): string[] {
    return [...this.byEvent.keys()].sort();
  }

  get size(): number {
    return this.byEvent.size;
  }
}

/**
 * Compiles linked mappings into the set in force. Mappings in force are compiled now;
 * overridden ones when their tests ask for them.
 */
export function compileMappings(linked: Pick<LinkResult, "byFile" | "byEvent">, limits: EvaluationLimits): MappingSet {
  const compiled = new Map<LinkedMapping, CompiledMapping>();
  const compile = (mapping: LinkedMapping) => {
    let done = compiled.get(mapping);
    if (!done) {
      done = compileMapping(mapping.file, mapping.functions, limits);
      compiled.set(mapping, done);
    }
    return done;
  };
  const byFile = new Map([...linked.byFile].map(([path, mapping]) => [path, () => compile(mapping)] as const));
  const byEvent = new Map([...linked.byEvent].map(([event, mapping]) => [event, compile(mapping)] as const));
  return new MappingSet(byEvent, byFile);
}
