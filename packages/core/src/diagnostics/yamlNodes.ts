import { isMap, isScalar, type Document, type Node } from "yaml";
import type { Location } from "./location";
import type { SourceFile } from "./sourceFile";

/** Where YAML nodes are: the `yaml` package's node ranges turned into lines and columns. */

/** Where a node starts (the file's start when there is no node). */
export function locate(node: Node | undefined, source: SourceFile): Location {
  const { line, column } = source.position(node?.range?.[0] ?? 0);
  return { file: source.path, line, column };
}

/** The node at a path; falls back to the nearest existing ancestor. */
export function nodeAt(doc: Document, segments: Array<string | number>): Node | undefined {
  for (let n = segments.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(segments.slice(0, n), true);
    if (node && typeof node === "object" && "range" in node) return node as Node;
  }
  return undefined;
}

/** The key node of `key` in the map at `segments` (to point at a wrong key, not its value). */
export function keyNode(doc: Document, segments: Array<string | number>, key: string): Node | undefined {
  const parent = nodeAt(doc, segments);
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (pair && isScalar(pair.key)) return pair.key;
  }
  return parent;
}
