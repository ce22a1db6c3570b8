import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import type { CompiledMapping, CompiledValue } from "../compiledMapping";
import { evaluateMapping } from "../../evaluate";
import { loadMappings } from "../../pipeline";

/**
 * Every default and example mapping, on every fixture of its family, gives the same calls
 * and the same errors compiled as on jsonata's evaluator, and every one of its expressions
 * is compiled (a mapping that silently fell back would make this test prove nothing).
 */

const REPO = join(__dirname, "../../../../..");

const V2_FIXTURES = ["mappings/fixtures", "packages/core/src/__fixtures__/mappings/fixtures"];
const V1_FIXTURES = ["packages/medusa-v1/mappings/fixtures"];

/** Mapping roots as hosts load them (a store's folder over the defaults), with the fixtures they are meant for. */
const ROOTS: Array<{ roots: string[]; fixtures: string[] }> = [
  { roots: ["mappings"], fixtures: V2_FIXTURES },
  { roots: ["mappings", "examples/custom-mapping/segment-mappings"], fixtures: V2_FIXTURES },
  { roots: ["mappings", "examples/medusa-store/integration-tests/store-mappings"], fixtures: V2_FIXTURES },
  { roots: ["mappings", "examples/medusa-store/integration-tests/outbox-mappings"], fixtures: V2_FIXTURES },
  { roots: ["packages/core/src/__fixtures__/mappings"], fixtures: V2_FIXTURES },
  { roots: ["packages/medusa-v1/mappings"], fixtures: V1_FIXTURES },
];

/** The host variables the plugins pass, so reporting amounts are computed too. */
const VARIABLES = { reporting: { currency: "USD", rates: { EUR: 1.08, USD: 1, JPY: 0.0067 } } };

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith(".json") ? [path] : [];
  });
}

/** The same mapping with every expression on jsonata's evaluator. */
function onInterpreter(mapping: CompiledMapping): CompiledMapping {
  const interpreted = <T extends CompiledValue | undefined>(value: T): T => {
    if (!value || !("program" in value)) return value;
    const { interpreter } = value.program;
    const expression = { ...value.program.expression, compiled: false, evaluate: interpreter.evaluate.bind(interpreter) };
    return { ...value, program: { ...value.program, expression } } as T;
  };
  return {
    ...mapping,
    load: mapping.load.map((load) => ({ ...load, id: interpreted(load.id) })),
    calls: mapping.calls.map((call) => ({ ...call, body: interpreted(call.body), when: interpreted(call.when), each: interpreted(call.each) })),
    callsProgram: interpreted(mapping.callsProgram),
  };
}

function programsOf(mapping: CompiledMapping): Array<{ path: string; compiled: boolean; why?: string }> {
  const values = [
    ...mapping.load.map((load) => load.id),
    ...mapping.calls.flatMap((call) => [call.body, call.when, call.each]),
    mapping.callsProgram,
  ];
  return values.flatMap((value) =>
    value && "program" in value
      ? [{ path: value.path, compiled: value.program.expression.compiled, why: value.program.expression.notCompiledBecause }]
      : [],
  );
}

/** What a run gives, minus what differs by nature (nothing should). */
function outcomeOf(result: Awaited<ReturnType<typeof evaluateMapping>>): unknown {
  return { calls: result.calls, errors: result.errors.map((error) => ({ ...error, message: error.message })) };
}

describe.each(ROOTS)("mappings in $roots", ({ roots, fixtures }) => {
  it("are compiled and give the same calls and errors as jsonata on every fixture", async () => {
    const { mappings, diagnostics } = await loadMappings(roots.map((root) => join(REPO, root)));
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const files = fixtures.flatMap((dir) => jsonFiles(join(REPO, dir))).filter((file) => !file.includes("tracking-plan"));
    expect(files.length).toBeGreaterThan(0);
    let compared = 0;
    for (const event of mappings.events) {
      const mapping = mappings.forEvent(event)!;
      for (const program of programsOf(mapping)) expect({ event, ...program }).toEqual({ event, path: program.path, compiled: true, why: undefined });
      const twin = onInterpreter(mapping);
      for (const file of files) {
        const { event: sourceEvent, ...records } = JSON.parse(readFileSync(file, "utf8")) as { event: { name: string; data: unknown } } & Record<
          string,
          unknown
        >;
        const options = { records, variables: VARIABLES };
        const compiled = await evaluateMapping(mapping, sourceEvent, options);
        const interpreted = await evaluateMapping(twin, sourceEvent, options);
        expect({ fixture: relative(REPO, file), event, ...(outcomeOf(compiled) as object) }).toEqual({
          fixture: relative(REPO, file),
          event,
          ...(outcomeOf(interpreted) as object),
        });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0);
  });
});
