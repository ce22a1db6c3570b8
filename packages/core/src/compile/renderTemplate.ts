import type { ValueTemplate } from "../load";
import type { ProgramBuilder } from "./program";

/** Name of the built-in that builds arrays without JSONata's flattening of array items. */
export const LIST_FUNCTION = "__trackmapList";

/**
 * Writes a template as one JSONata expression: literals as JSON, expressions in
 * parentheses, maps as object constructors. Keys whose expression gives nothing are
 * left out, as JSONata does.
 */
export function renderTemplate(template: ValueTemplate, out: ProgramBuilder): void {
  switch (template.kind) {
    case "literal":
      out.raw(JSON.stringify(template.value ?? null));
      return;
    case "expression":
      out.expression(template.expression);
      return;
    case "object":
      out.raw("{");
      template.entries.forEach(([key, value], i) => {
        out.raw(`${i ? ", " : ""}${JSON.stringify(key)}: `);
        renderTemplate(value, out);
      });
      out.raw("}");
      return;
    case "array":
      out.raw(`$${LIST_FUNCTION}(`);
      template.items.forEach((item, i) => {
        if (i) out.raw(", ");
        renderTemplate(item, out);
      });
      out.raw(")");
      return;
  }
}

/** A template without expressions has a fixed value, known at compile time. */
export function staticValue(template: ValueTemplate): { value: unknown } | undefined {
  switch (template.kind) {
    case "literal":
      return { value: template.value };
    case "expression":
      return undefined;
    case "object": {
      const entries: Array<[string, unknown]> = [];
      for (const [key, value] of template.entries) {
        const fixed = staticValue(value);
        if (!fixed) return undefined;
        entries.push([key, fixed.value]);
      }
      return { value: Object.fromEntries(entries) };
    }
    case "array": {
      const items: unknown[] = [];
      for (const item of template.items) {
        const fixed = staticValue(item);
        if (!fixed) return undefined;
        items.push(fixed.value);
      }
      return { value: items };
    }
  }
}
