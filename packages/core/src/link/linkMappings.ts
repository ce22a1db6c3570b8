import { resolve } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic";
import { formatLocation } from "../diagnostics/location";
import type { FunctionDefinition, LibraryFile, LoadPreset, LoadRequirement, MappingFile, ParsedFile } from "../load";
import { suggestClosest } from "../shared/suggestClosest";

// TYPES

/** A mapping with what it uses resolved: ready to compile. */
export interface LinkedMapping {
  /** The mapping file, its loads' presets filled in. */
  file: MappingFile;
  /** The functions it may call: its own and those of the libraries it uses. */
  functions: FunctionDefinition[];
}

export interface LinkResult {
  /** Each mapping that links, by absolute path, in load order (overridden ones too: their tests need them). */
  byFile: Map<string, LinkedMapping>;
  /** For each event, the mapping in force: the one from the last root that handles it. */
  byEvent: Map<string, LinkedMapping>;
  /** Problems across files: unknown or duplicate libraries, functions, presets and mappings. */
  diagnostics: Diagnostic[];
}

// LINKING

/**
 * Links mappings to the libraries they use, and picks the mapping in force for each
 * event. For an event handled in several roots, the last root wins: that is how a store
 * overrides a default mapping. Every mapping is linked, including overridden ones, and
 * every problem is reported at once. Broken files (see `readMappingFiles`) take part
 * in the checks but are not linked.
 */
export function linkMappings(parsed: readonly ParsedFile[], broken: ReadonlySet<ParsedFile> = new Set()): LinkResult {
  const diagnostics: Diagnostic[] = [];
  const libraries = indexLibraries(parsed.filter(isLibrary), diagnostics);
  const winners = pickMappingPerEvent(parsed.filter(isMapping), diagnostics);
  const byFile = new Map<string, LinkedMapping>();
  const byEvent = new Map<string, LinkedMapping>();
  for (const mapping of parsed.filter(isMapping)) {
    const used = resolveLibraries(mapping, libraries, broken, diagnostics);
    const functions = used && resolveFunctions(mapping, used, diagnostics);
    const loads = used && resolvePresets(mapping, used, diagnostics);
    if (!functions || !loads || broken.has(mapping)) continue;
    const linked: LinkedMapping = { file: { ...mapping, load: loads }, functions };
    byFile.set(resolve(mapping.path), linked);
    for (const event of mapping.on) if (winners.get(event) === mapping) byEvent.set(event, linked);
  }
  return { byFile, byEvent, diagnostics };
}

// CHECKS

/**
 * Libraries by name, each as its layers in root order. A later root's library of the same
 * name adds functions and replaces same-named ones: one function can be overridden.
 */
function indexLibraries(libraries: LibraryFile[], diagnostics: Diagnostic[]): Map<string, LibraryFile[]> {
  const byName = new Map<string, LibraryFile[]>();
  for (const library of libraries) {
    const layers = byName.get(library.name) ?? [];
    const sameRoot = layers.find((layer) => layer.root === library.root);
    if (sameRoot) {
      diagnostics.push(
        diagnostic(
          "TM_DUPLICATE_LIBRARY",
          { ...library.nameLocation, source: library.source },
          `library "${library.name}" is already defined in ${sameRoot.path}`,
        ),
      );
      continue;
    }
    byName.set(library.name, [...layers, library]);
  }
  return byName;
}

/** A library's functions after layering: later layers replace same-named functions. */
function layeredFunctions(layers: readonly LibraryFile[]): FunctionDefinition[] {
  const byName = new Map<string, FunctionDefinition>();
  for (const layer of layers) for (const fn of layer.functions) byName.set(fn.name, fn);
  return [...byName.values()];
}

function pickMappingPerEvent(mappings: MappingFile[], diagnostics: Diagnostic[]): Map<string, MappingFile> {
  const byEvent = new Map<string, MappingFile>();
  for (const mapping of mappings) {
    for (const event of mapping.on) {
      const previous = byEvent.get(event);
      if (previous && previous.root === mapping.root) {
        diagnostics.push(
          diagnostic(
            "TM_DUPLICATE_MAPPING",
            { ...mapping.onLocation, source: mapping.source },
            `event "${event}" is already mapped by ${previous.path}`,
          ),
        );
        continue;
      }
      byEvent.set(event, mapping);
    }
  }
  return byEvent;
}

/** The libraries a mapping uses, directly or through other libraries, each as its layers. */
function resolveLibraries(
  mapping: MappingFile,
  libraries: Map<string, LibraryFile[]>,
  broken: ReadonlySet<ParsedFile>,
  diagnostics: Diagnostic[],
): LibraryFile[][] | undefined {
  const used: LibraryFile[][] = [];
  let ok = true;
  const visit = (file: ParsedFile) => {
    for (const use of file.use) {
      const layers = libraries.get(use.name);
      if (!layers) {
        const known = [...libraries.keys()].sort();
        const closest = suggestClosest(use.name, known);
        diagnostics.push(
          diagnostic("TM_UNKNOWN_LIBRARY", { ...use.location, source: file.source }, `unknown library "${use.name}"`, {
            hint: closest
              ? `did you mean "${closest}"?`
              : known.length
                ? `known libraries: ${known.join(", ")}`
                : "no library file was loaded (a file with `library: name`)",
          }),
        );
        ok = false;
      } else if (!used.includes(layers)) {
        used.push(layers);
        for (const layer of layers) {
          if (broken.has(layer)) ok = false;
          visit(layer);
        }
      }
    }
  };
  visit(mapping);
  return ok ? used : undefined;
}

/** The functions a mapping can call: its own plus those of the libraries it uses. */
function resolveFunctions(mapping: MappingFile, used: readonly LibraryFile[][], diagnostics: Diagnostic[]): FunctionDefinition[] | undefined {
  let ok = true;
  const byName = new Map<string, FunctionDefinition>();
  for (const fn of [...used.flatMap(layeredFunctions), ...mapping.functions]) {
    const previous = byName.get(fn.name);
    if (previous) {
      diagnostics.push(
        diagnostic(
          "TM_DUPLICATE_FUNCTION",
          { ...fn.location, source: fn.expression.file },
          `function "${fn.name}" is already defined at ${formatLocation(previous.location)}`,
        ),
      );
      ok = false;
    }
    byName.set(fn.name, fn);
  }
  return ok ? [...byName.values()] : undefined;
}

/** Loads that name a `preset` get its entity and fields (plus their own fields). */
function resolvePresets(mapping: MappingFile, used: readonly LibraryFile[][], diagnostics: Diagnostic[]): LoadRequirement[] | undefined {
  const presets = new Map<string, LoadPreset>();
  for (const layers of used) for (const layer of layers) for (const preset of layer.presets) presets.set(preset.name, preset);
  let ok = true;
  const loads = mapping.load.map((load) => {
    if (!load.preset) return load;
    const preset = presets.get(load.preset.name);
    if (!preset) {
      const known = [...presets.keys()].sort();
      const hint = known.length
        ? `presets of the libraries used: ${known.join(", ")}`
        : "presets are defined in a library (`presets:`) that the mapping uses";
      diagnostics.push(
        diagnostic("TM_UNKNOWN_PRESET", { ...load.preset.location, source: mapping.source }, `unknown preset "${load.preset.name}"`, { hint }),
      );
      ok = false;
      return load;
    }
    return { ...load, entity: load.entity || preset.entity, fields: [...new Set([...preset.fields, ...load.fields])] };
  });
  return ok ? loads : undefined;
}

// HELPERS

const isLibrary = (f: ParsedFile): f is LibraryFile => f.kind === "library";
const isMapping = (f: ParsedFile): f is MappingFile => f.kind === "mapping";
