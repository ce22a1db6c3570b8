import { join } from "node:path";
import { isMap, isPair, isScalar, parseDocument, type Pair } from "yaml";

/**
 * A library's reference page in Markdown, from the library file itself: its description, each
 * preset (the comment above it, its entity and fields) and each function (the comment above it and
 * its parameters). The comments are the documentation: a function without one shows as such.
 */
export function renderLibraryReference(yamlText: string, sourceLink: string): string {
  const doc = parseDocument(yamlText);
  const name = String(doc.get("library"));
  const description = String(doc.get("description") ?? "").trim();
  const out = [
    `# The \`${name}\` library`,
    "",
    `<!-- Generated from ${sourceLink} by \`pnpm --filter @trackmap/core run docs\`; a test keeps it in sync. -->`,
    "",
    description,
    "",
    `A mapping uses it with \`use: [${name}]\`; its presets load a record with \`load: { order: { preset: order, id: = event.data.id } }\`, its functions are called as \`$name(...)\`. Source: [${sourceLink}](${sourceLink}).`,
    "",
  ];
  const presets = entries(doc.get("presets", true));
  if (presets.length) {
    out.push("## Presets", "");
    for (const pair of presets) {
      const value = pair.value as { get(key: string): unknown } | undefined;
      const fields = (value?.get("fields") as { toJSON(): string[] } | undefined)?.toJSON() ?? [];
      out.push(
        `### \`${keyOf(pair)}\` (entity \`${String(value?.get("entity"))}\`)`,
        "",
        commentOf(pair),
        "",
        `Fields: ${fields.map((f) => `\`${f}\``).join(", ")}`,
        "",
      );
    }
  }
  const functions = entries(doc.get("functions", true));
  if (functions.length) {
    out.push("## Functions", "");
    for (const pair of functions) {
      const text = isScalar(pair.value) ? String(pair.value.value) : "";
      const parameters = /function\s*\(([^)]*)\)/.exec(text)?.[1]?.trim() ?? "";
      out.push(`### \`$${keyOf(pair)}(${parameters})\``, "", commentOf(pair), "");
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}

/** A map's entries; yaml keeps the comment above the first one on the map itself, so it is moved onto its key. */
function entries(node: unknown): Pair[] {
  if (!isMap(node)) return [];
  const [first] = node.items;
  if (first && isScalar(first.key) && !first.key.commentBefore && node.commentBefore) first.key.commentBefore = node.commentBefore;
  return node.items.filter(isPair);
}

function keyOf(pair: Pair): string {
  return String(isScalar(pair.key) ? pair.key.value : pair.key);
}

/** The comment written above an entry, as one paragraph. */
function commentOf(pair: Pair): string {
  const comment = (isScalar(pair.key) ? pair.key.commentBefore : undefined) ?? "";
  const text = comment
    .split("\n")
    .map((line) => line.trim())
    .join(" ")
    .trim();
  return text || "(no description in the library)";
}

/** The default mappings' library and its page in docs/ (this repository's paths, for the docs script and its test). */
export const COMMERCE_LIBRARY = join(__dirname, "..", "..", "..", "..", "mappings", "lib", "commerce.yaml");
export const COMMERCE_LIBRARY_PAGE = join(__dirname, "..", "..", "..", "..", "docs", "commerce-library.md");
