import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The repository's default mappings, with their fixtures (mappings/fixtures/generated). */
export const DEFAULT_MAPPINGS = join(__dirname, "..", "..", "..", "..", "mappings");

/**
 * A real order (written by Medusa's own workflows, see mappings/fixtures/generated) grown to
 * `lines` lines by repeating its lines with new ids; with projectFields, the shape the plugin gets
 * from Query. For the tests and the benchmarks of large orders.
 */
export function orderWithLines(lines: number): { event: { name: string; data: unknown }; order: Record<string, unknown> } {
  const fixture = JSON.parse(readFileSync(join(DEFAULT_MAPPINGS, "fixtures", "generated", "order-placed.registered.json"), "utf8"));
  const order = fixture.order as { items: Array<Record<string, unknown>> };
  const items = Array.from({ length: lines }, (_, i) => ({ ...order.items[i % order.items.length], id: `ordli_bench_${i}` }));
  return { event: fixture.event, order: { ...order, items } };
}

type FieldTree = { [key: string]: FieldTree | true };

/**
 * Keeps the fields a mapping asks Query for (`id`, `items.*`, `customer.email`, ...), as Query
 * would return them: `*` is every plain field of that level.
 */
export function projectFields(record: unknown, fields: readonly string[]): unknown {
  const tree: FieldTree = {};
  for (const field of fields) {
    let node = tree;
    const parts = field.split(".");
    parts.forEach((part, i) => {
      if (i === parts.length - 1) node[part] = node[part] === undefined ? true : node[part];
      else {
        const child = typeof node[part] === "object" ? (node[part] as FieldTree) : {};
        node[part] = child;
        node = child;
      }
    });
  }
  return pick(record, tree);
}

function pick(value: unknown, tree: FieldTree): unknown {
  if (Array.isArray(value)) return value.map((item) => pick(item, tree));
  if (!value || typeof value !== "object") return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (tree["*"]) {
    for (const [key, item] of Object.entries(source)) if (item === null || typeof item !== "object" || key.startsWith("raw_")) out[key] = item;
  }
  for (const [key, sub] of Object.entries(tree)) {
    if (key === "*" || !(key in source)) continue;
    out[key] = sub === true ? source[key] : pick(source[key], sub);
  }
  return out;
}
