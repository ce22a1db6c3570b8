import jsonata from "jsonata";

/**
 * jsonata's built-in functions, taken from jsonata itself so that compiled code calls the
 * very implementations (and argument signatures) the interpreter calls. jsonata does not
 * export them; its environment is reachable from the `__evaluate_entry` hook, which runs
 * synchronously as the first node of an evaluation is entered.
 */

// TYPES

export interface Signature {
  definition: string;
  /** The arguments checked against the signature (T0410, T0411, T0412), with the context filled in where `-` allows. */
  validate(args: unknown[], context: unknown): unknown[];
}

/** A built-in as jsonata defines it; jsonata stores the name and position of its last call on it. */
export interface NativeFunction {
  _jsonata_function: true;
  implementation: (...args: unknown[]) => unknown;
  signature?: Signature;
  token?: string;
  position?: number;
}

// LOOKUP

/** Every built-in of jsonata 2.2 by name (without the `$`). */
const NAMES = [
  "sum",
  "count",
  "max",
  "min",
  "average",
  "string",
  "substring",
  "substringBefore",
  "substringAfter",
  "lowercase",
  "uppercase",
  "length",
  "trim",
  "pad",
  "match",
  "contains",
  "replace",
  "split",
  "join",
  "formatNumber",
  "formatBase",
  "formatInteger",
  "parseInteger",
  "number",
  "floor",
  "ceil",
  "round",
  "abs",
  "sqrt",
  "power",
  "random",
  "boolean",
  "not",
  "map",
  "zip",
  "filter",
  "single",
  "reduce",
  "sift",
  "keys",
  "lookup",
  "append",
  "exists",
  "spread",
  "merge",
  "reverse",
  "each",
  "error",
  "assert",
  "type",
  "sort",
  "shuffle",
  "distinct",
  "base64encode",
  "base64decode",
  "encodeUrlComponent",
  "encodeUrl",
  "decodeUrlComponent",
  "decodeUrl",
  "eval",
  "toMillis",
  "fromMillis",
  "clone",
] as const;

function readNatives(): Map<string, NativeFunction> {
  const probe = jsonata("0");
  let environment: { lookup(name: string): unknown } | undefined;
  probe.assign(Symbol.for("jsonata.__evaluate_entry") as unknown as string, (_node: unknown, _input: unknown, env: typeof environment) => {
    environment = env;
  });
  probe.evaluate(undefined).catch(() => undefined);
  if (!environment) throw new Error("jsonata did not expose its environment: is it still version 2.2?");
  const natives = new Map<string, NativeFunction>();
  for (const name of NAMES) {
    const definition = environment.lookup(name) as NativeFunction | undefined;
    if (definition?._jsonata_function) natives.set(name, definition);
  }
  return natives;
}

/** The built-ins, by name. */
export const NATIVES: ReadonlyMap<string, NativeFunction> = readNatives();

/** Every function name jsonata defines: its built-ins, and $now and $millis, which it binds at each evaluation. */
export const JSONATA_FUNCTION_NAMES: readonly string[] = [...NAMES, "now", "millis"];

export function native(name: (typeof NAMES)[number]): NativeFunction {
  const definition = NATIVES.get(name);
  if (!definition) throw new Error(`jsonata has no $${name}`);
  return definition;
}

/** Built-ins that jsonata implements as async functions: compiled code runs them only through its own synchronous versions. */
export function isAsyncNative(definition: NativeFunction): boolean {
  return definition.implementation.constructor.name === "AsyncFunction";
}
