import { resolve } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic";
import { findFiles, isMappingFile } from "./findFiles";
import type { ParsedFile } from "./mappingFile";
import { parseExpression } from "./parseExpression";
import { parseMappingText, readMappingFile } from "./readMappingFile";
import { collectExpressions } from "./template";

export interface ReadFilesResult {
  /** Every mapping and library file that could be read and parsed, in load order. */
  parsed: ParsedFile[];
  /**
   * Parsed files with an expression that does not parse. They still take part in the
   * checks across files (a library with a typo is not an "unknown library"), but are
   * never compiled.
   */
  broken: ReadonlySet<ParsedFile>;
  /** Problems of each file on its own (syntax, schema, expressions). */
  diagnostics: Diagnostic[];
  /** Every mapping file found, in load order, except those skipped as no regular file. */
  files: string[];
}

/**
 * Reads and checks the mapping and library files under one or more roots (directories
 * or files). `root` in each parsed file is the index of the root it came from. `sources`
 * (absolute path → text) stands in for files' content: an editor's unsaved text.
 */
export async function readMappingFiles(roots: readonly string[], sources?: ReadonlyMap<string, string>): Promise<ReadFilesResult> {
  const diagnostics: Diagnostic[] = [];
  const parsed: ParsedFile[] = [];
  const files: string[] = [];
  const broken = new Set<ParsedFile>();

  for (const [root, path] of roots.entries()) {
    const found = await findFiles(path, isMappingFile);
    if (!found) {
      diagnostics.push(diagnostic("TM_PATH_NOT_FOUND", path, "no such file or directory"));
      continue;
    }
    diagnostics.push(...found.problems);
    for (const file of found.files) {
      const text = sources?.get(resolve(file));
      const result = text === undefined ? await readMappingFile(file, root) : parseMappingText(file, text, root);
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
  return { parsed, broken, diagnostics, files };
}

/** Every expression must parse, and every function must be a function. */
function checkExpressions(file: ParsedFile): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const fn of file.functions) {
    const { ast, diagnostic: syntax } = parseExpression(fn.expression);
    if (syntax) found.push(syntax);
    else if (ast?.type !== "lambda") {
      found.push(diagnostic("TM_NOT_A_FUNCTION", { ...fn.location, source: file.source }, `functions.${fn.name} is not a function definition`));
    }
  }
  if (file.kind === "mapping") {
    const templates = [...file.load.map((l) => l.id), ...file.calls.flatMap((c) => [c.body, c.when, c.each].filter((t) => t !== undefined))];
    const expressions = templates.flatMap((t) => collectExpressions(t));
    if (file.callsExpression) expressions.push(file.callsExpression);
    for (const expression of expressions) {
      const { diagnostic: syntax } = parseExpression(expression);
      if (syntax) found.push(syntax);
    }
  }
  return found;
}
