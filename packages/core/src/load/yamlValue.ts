import { isAlias, isCollection, isNode, isPair, type Alias, type Document } from "yaml";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic";
import type { SourceFile } from "../diagnostics/sourceFile";

/**
 * How far aliases (`*name`) may expand a YAML file, as the `yaml` package counts it
 * (`maxAliasCount`). A few aliases of a shared input are fine; aliases of aliases that
 * multiply ("billion laughs") would take memory without bound.
 */
export const MAX_YAML_ALIAS_COUNT = 1000;

/** The JavaScript value of a parsed YAML document, or a diagnostic when its aliases expand too far. */
export function yamlValue(doc: Document, source: SourceFile): { value: unknown } | { diagnostic: Diagnostic } {
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT }) };
  } catch (error) {
    // `yaml` throws a ReferenceError, without a position, when the count is exceeded.
    if (!(error instanceof ReferenceError) || !/alias count/i.test(error.message)) throw error;
    return { diagnostic: aliasDiagnostic(doc, source) };
  }
}

function aliasDiagnostic(doc: Document, source: SourceFile): Diagnostic {
  const alias = largestAlias(doc);
  const what = alias ? `*${alias.source} and the aliases it holds` : "they";
  const message = `too many aliases: ${what} expand past the limit of ${MAX_YAML_ALIAS_COUNT} (a guard against "billion laughs" files)`;
  return diagnostic("TM_YAML_TOO_MANY_ALIASES", { source, node: alias }, message);
}

/**
 * The alias that expands to the most values, first in the file on a tie: where a file
 * that is refused for its aliases multiplies them most. Sizes are counted in one walk:
 * an alias can only name an anchor written before it, whose size is then known.
 */
function largestAlias(doc: Document): Alias | undefined {
  const anchors = new Map<string, unknown>();
  const sizes = new Map<unknown, number>();
  let largest: { alias: Alias; size: number } | undefined;
  const sizeOf = (node: unknown): number => {
    if (isAlias(node)) {
      // An anchor that holds its own alias is not done yet: count the alias as one value.
      const size = sizes.get(anchors.get(node.source)) ?? 1;
      if (!largest || size > largest.size) largest = { alias: node, size };
      return size;
    }
    if (isNode(node) && node.anchor) anchors.set(node.anchor, node);
    let size = 1;
    if (isCollection(node)) for (const item of node.items) size += sizeOf(item);
    if (isPair(node)) size = sizeOf(node.key) + sizeOf(node.value);
    sizes.set(node, size);
    return size;
  };
  sizeOf(doc.contents);
  return largest?.alias;
}
