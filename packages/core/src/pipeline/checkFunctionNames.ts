import jsonata from "jsonata";
import { JSONATA_FUNCTION_NAMES } from "../compile";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic";
import type { ExpressionSource } from "../diagnostics/expressionSource";
import { BUILTIN_FUNCTIONS } from "../evaluate";
import type { LinkedMapping } from "../link";
import { collectExpressions } from "../load";
import { suggestClosest } from "../shared/suggestClosest";

/**
 * Calls of functions that no one defines: not jsonata's, not trackmap's, not the mapping's or its
 * libraries', not bound in the expression itself. jsonata only finds them when the call runs (T1006,
 * in a store); here they are errors with the closest known name.
 */
export function checkFunctionNames(mappings: Iterable<LinkedMapping>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { file, functions } of mappings) {
    const known = [
      ...JSONATA_FUNCTION_NAMES,
      ...Object.keys(BUILTIN_FUNCTIONS).filter((name) => !name.startsWith("__")),
      ...functions.map((f) => f.name),
    ];
    const expressions = [
      ...file.load.flatMap((load) => collectExpressions(load.id)),
      ...file.calls.flatMap((call) => [call.body, call.when, call.each].flatMap((template) => (template ? collectExpressions(template) : []))),
      ...(file.callsExpression ? [file.callsExpression] : []),
      ...functions.map((fn) => fn.expression),
    ];
    for (const expression of expressions) diagnostics.push(...unknownCalls(expression, known));
  }
  return diagnostics;
}

function unknownCalls(expression: ExpressionSource, known: readonly string[]): Diagnostic[] {
  let ast: jsonata.ExprNode;
  try {
    ast = jsonata(expression.text).ast();
  } catch {
    return []; // a syntax error has its own diagnostic
  }
  const { called, bound } = namesIn(ast);
  return called
    .filter(({ name }) => !bound.has(name) && !known.includes(name))
    .map(({ name, end }) => {
      const closest = suggestClosest(name, known);
      return diagnostic(
        "TM_UNKNOWN_FUNCTION",
        { source: expression.file, offset: expression.fileOffset(end - name.length - 1) },
        `unknown function $${name}`,
        {
          path: expression.path,
          hint: closest ? `did you mean $${closest}?` : "define it under functions: of the mapping or of a library it uses",
        },
      );
    });
}

type Node = { type?: string; value?: unknown; position?: number; [key: string]: unknown };

/** The functions an expression calls (`$f(...)`, `~> $f`), and the names it binds itself (`$x :=`, `function($x)`). */
function namesIn(ast: jsonata.ExprNode): { called: Array<{ name: string; end: number }>; bound: Set<string> } {
  const called: Array<{ name: string; end: number }> = [];
  const bound = new Set<string>();
  const variable = (node: unknown) => {
    const n = node as Node | undefined;
    return n?.type === "variable" && typeof n.value === "string" && n.value !== "" ? { name: n.value, end: n.position ?? 0 } : undefined;
  };
  const visit = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as Node;
    const callee = n.type === "function" || n.type === "partial" ? variable(n.procedure) : n.type === "apply" ? variable(n.rhs) : undefined;
    if (callee) called.push(callee);
    const binds = n.type === "bind" ? [n.lhs] : n.type === "lambda" ? ((n.arguments as unknown[]) ?? []) : [];
    for (const name of binds.map(variable)) if (name) bound.add(name.name);
    // A path step's focus (@$x) and index (#$i) bindings name variables too.
    for (const key of ["focus", "index"]) if (typeof n[key] === "string") bound.add(n[key] as string);
    for (const [key, value] of Object.entries(n)) if (key !== "position" && key !== "value") visit(value);
  };
  visit(ast);
  return { called, bound };
}
