import type { ExpressionSource } from "../diagnostics/expressionSource";
import type { Location } from "../diagnostics/location";
import type { FunctionDefinition, MappingFile, ValueTemplate } from "../load";
import type { CompiledMapping, CompiledValue } from "./compiledMapping";
import type { EvaluationLimits } from "./limits";
import { ProgramBuilder } from "./program";
import { renderTemplate, staticValue } from "./renderTemplate";

/**
 * Compiles a checked mapping with the functions it may call (its own and those of the
 * libraries it uses). Each value becomes one JSONata program that starts by defining
 * those functions, so that limits and errors cover library code too.
 */
export function compileMapping(file: MappingFile, functions: readonly FunctionDefinition[], limits: EvaluationLimits): CompiledMapping {
  const compileValue = (template: ValueTemplate, path: string, location = file.onLocation): CompiledValue => {
    const fixed = staticValue(template);
    if (fixed) return fixed;
    const value = new ProgramBuilder();
    renderTemplate(template, value);
    const builder = new ProgramBuilder().raw("(\n");
    for (const fn of functionsReachedFrom(value.written, functions)) builder.raw(`$${fn.name} := `).source(fn.expression).raw(";\n");
    builder.append(value).raw("\n)");
    return { program: builder.build(limits), path, location };
  };

  return {
    file,
    on: file.on,
    load: file.load.map((load) => ({
      ...load,
      id: compileValue(load.id, `load.${load.name}.id`, load.location),
    })),
    calls: file.calls.map((call) => {
      const label = `calls[${call.index}].${call.type}`;
      return {
        type: call.type,
        index: call.index,
        label,
        location: call.location,
        body: compileValue(call.body, label, call.location),
        when: call.when && compileValue(call.when, `calls[${call.index}].when`, call.location),
        each: call.each && compileValue(call.each, `calls[${call.index}].each`, call.location),
      };
    }),
    callsProgram: file.callsExpression
      ? compileValue({ kind: "expression", expression: file.callsExpression }, "(body)", startOf(file.callsExpression))
      : undefined,
  };
}

/**
 * The functions a value's text may call, directly or through each other, in their order of
 * definition. Only those are defined in its program: parsing and defining every library function
 * for every value made most of the start-up and part of each evaluation. A name written in a
 * string is taken for a call too, which only defines a function that is not needed.
 */
function functionsReachedFrom(text: string, functions: readonly FunctionDefinition[]): FunctionDefinition[] {
  const byName = new Map(functions.map((fn) => [fn.name, fn]));
  const reached = new Set<string>();
  const visit = (source: string) => {
    for (const [, name] of source.matchAll(VARIABLE)) {
      const fn = name === undefined || reached.has(name) ? undefined : byName.get(name);
      if (!fn) continue;
      reached.add(fn.name);
      visit(fn.expression.text);
    }
  };
  visit(text);
  return functions.filter((fn) => reached.has(fn.name));
}

const VARIABLE = /\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Where an expression's first non-blank character is (the body of a `.jsonata` file starts after its header). */
function startOf(expression: ExpressionSource): Location {
  const offset = expression.text.length - expression.text.trimStart().length;
  return { file: expression.file.path, ...expression.file.position(expression.fileOffset(offset)) };
}
