import { resolve } from "node:path";
import type { CompiledMapping } from "../compile/compiledMapping";
import { compileMapping } from "../compile/compileMapping";
import { parseExpression } from "../compile/parseExpression";
import { resolveLimits, type EvaluationLimits } from "../compile/limits";
import type { Diagnostic, DiagnosticCode } from "../diagnostics/diagnostic";
import { sortDiagnostics } from "../diagnostics/diagnostic";
import { formatLocation, type Location } from "../diagnostics/location";
import type { SourceFile } from "../diagnostics/sourceFile";
import { findFiles, isMappingFile } from "./findFiles";
import type { FunctionDefinition, LibraryFile, LoadPreset, LoadRequirement, MappingFile, ParsedFile } from "./mappingFile";
import { readMappingFile } from "./readMappingFile";
import { suggestClosest } from "./suggestClosest";
import { collectExpressions } from "./template";

// TYPES

export interface LoadOptions {
  limits?: Partial<EvaluationLimits>;
}

export interface LoadResult {
  mappings: MappingSet;
  /** Every problem found, errors and warnings, sorted by file and position. */
  diagnostics: Diagnostic[];
  /** Every mapping file found, in load order, except those skipped as no regular file. */
  files: string[];
}

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

// LOADING

/**
 * Loads mapping and library files from one or more roots (directories or files). For
 * an event handled in several roots, the last root wins: that is how a store overrides
 * a default mapping. Every file is checked, including overridden ones, and every
 * problem is reported at once.
 */
export async function loadMappings(paths: string | readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const roots = typeof paths === "string" ? [paths] : [...paths];
  const limits = resolveLimits(options.limits);
  const diagnostics: Diagnostic[] = [];
  const parsed: ParsedFile[] = [];
  const files: string[] = [];
  // Files with a bad expression still take part in the checks across files (a library
  // with a typo is not an "unknown library"), but are never compiled.
  const broken = new Set<ParsedFile>();

  for (const [root, path] of roots.entries()) {
    const found = await findFiles(path, isMappingFile);
    if (!found) {
      diagnostics.push(problem("TM_PATH_NOT_FOUND", { file: path, line: 0, column: 0 }, "no such file or directory"));
      continue;
    }
    for (const file of found) {
      const result = await readMappingFile(file, root);
      if (!result.skipped) files.push(file);
      diagnostics.push(...result.diagnostics);
      if (result.file) {
        const syntax = checkExpressions(result.file);
        diagnostics.push(...syntax);
        parsed.push(result.file);
        if (syntax.length > 0) broken.add(result.file);
      }
    }
  }

  const libraries = indexLibraries(parsed.filter(isLibrary), diagnostics);
  const winners = pickMappingPerEvent(parsed.filter(isMapping), diagnostics);
  const byEvent = new Map<string, CompiledMapping>();
  const byFile = new Map<string, () => CompiledMapping>();
  for (const mapping of parsed.filter(isMapping)) {
    const used = resolveLibraries(mapping, libraries, broken, diagnostics);
    const functions = used && resolveFunctions(mapping, used, diagnostics);
    const loads = used && resolvePresets(mapping, used, diagnostics);
    if (!functions || !loads || broken.has(mapping)) continue;
    let compiled: CompiledMapping | undefined;
    const compile = () => (compiled ??= compileMapping({ ...mapping, load: loads }, functions, limits));
    byFile.set(resolve(mapping.path), compile);
    for (const event of mapping.on) if (winners.get(event) === mapping) byEvent.set(event, compile());
  }
  return { mappings: new MappingSet(byEvent, byFile), diagnostics: sortDiagnostics(unique(diagnostics)), files };
}

// CHECKS

/** Every expression must parse, and every function must be a function. */
function checkExpressions(file: ParsedFile): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const fn of file.functions) {
    const { ast, diagnostic } = parseExpression(fn.expression);
    if (diagnostic) found.push(diagnostic);
    else if (ast?.type !== "lambda") {
      found.push({
        ...problem("TM_NOT_A_FUNCTION", fn.location, `functions.${fn.name} is not a function definition`, file.source),
        hint: "write it as function($arg) { ... }",
      });
    }
  }
  if (file.kind === "mapping") {
    const templates = [
      ...file.load.map((l) => l.id),
      ...file.calls.flatMap((c) => [c.body, c.when, c.each].filter((t) => t !== undefined)),
    ];
    const expressions = templates.flatMap((t) => collectExpressions(t));
    if (file.callsExpression) expressions.push(file.callsExpression);
    for (const expression of expressions) {
      const { diagnostic } = parseExpression(expression);
      if (diagnostic) found.push(diagnostic);
    }
  }
  return found;
}

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
        problem(
          "TM_DUPLICATE_LIBRARY",
          library.nameLocation,
          `library "${library.name}" is already defined in ${sameRoot.path}`,
          library.source,
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
        diagnostics.push({
          ...problem(
            "TM_DUPLICATE_MAPPING",
            mapping.onLocation,
            `event "${event}" is already mapped by ${previous.path}`,
            mapping.source,
          ),
          hint: "one mapping per event in a folder; put several calls in one mapping, or override it from a later folder",
        });
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
        diagnostics.push({
          ...problem("TM_UNKNOWN_LIBRARY", use.location, `unknown library "${use.name}"`, file.source),
          hint: closest
            ? `did you mean "${closest}"?`
            : known.length
              ? `known libraries: ${known.join(", ")}`
              : "no library file was loaded (a file with `library: name`)",
        });
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
function resolveFunctions(
  mapping: MappingFile,
  used: readonly LibraryFile[][],
  diagnostics: Diagnostic[],
): FunctionDefinition[] | undefined {
  let ok = true;
  const byName = new Map<string, FunctionDefinition>();
  for (const fn of [...used.flatMap(layeredFunctions), ...mapping.functions]) {
    const previous = byName.get(fn.name);
    if (previous) {
      diagnostics.push(
        problem(
          "TM_DUPLICATE_FUNCTION",
          fn.location,
          `function "${fn.name}" is already defined at ${formatLocation(previous.location)}`,
          fn.expression.file,
        ),
      );
      ok = false;
    }
    byName.set(fn.name, fn);
  }
  return ok ? [...byName.values()] : undefined;
}

/** Loads that name a `preset` get its entity and fields (plus their own fields). */
function resolvePresets(
  mapping: MappingFile,
  used: readonly LibraryFile[][],
  diagnostics: Diagnostic[],
): LoadRequirement[] | undefined {
  const presets = new Map<string, LoadPreset>();
  for (const layers of used) for (const layer of layers) for (const preset of layer.presets) presets.set(preset.name, preset);
  let ok = true;
  const loads = mapping.load.map((load) => {
    if (!load.preset) return load;
    const preset = presets.get(load.preset.name);
    if (!preset) {
      const known = [...presets.keys()].sort();
      diagnostics.push({
        ...problem("TM_UNKNOWN_PRESET", load.preset.location, `unknown preset "${load.preset.name}"`, mapping.source),
        hint: known.length ? `presets of the libraries used: ${known.join(", ")}` : "presets are defined in a library (`presets:`) that the mapping uses",
      });
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

function problem(code: DiagnosticCode, location: Location, message: string, source?: SourceFile): Diagnostic {
  const { file, line, column } = location;
  return { code, severity: "error", file, line, column, message, ...(source ? { sourceLine: source.lineText(line) } : {}) };
}

/** A problem met by every mapping that uses a library is reported once. */
function unique(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
