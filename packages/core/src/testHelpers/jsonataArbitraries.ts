import fc from "fast-check";

/**
 * Generators for the compiler's property test (and the longer run in `pnpm bench`): JSON-like
 * documents over a few keys, and expressions over what the compiler compiles (paths, filters,
 * sorting, grouping, operators, constructors, blocks, lambdas, built-ins, `~>`).
 */

// DATA

const KEYS = ["a", "b", "c", "n"] as const;

const scalar = fc.oneof(
  fc.integer({ min: -5, max: 20 }),
  fc.constantFrom(0.5, 1.25, -2.5, 1e21, 0.1),
  fc.constantFrom("", "x", "y", "a b", "Zz", "10"),
  fc.boolean(),
  fc.constant(null),
);

const data: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 4 }),
  ),
})).value;

export const document = fc.dictionary(fc.constantFrom(...KEYS), data, { minKeys: 1, maxKeys: 4 });

// EXPRESSIONS

const literal = fc.oneof(fc.integer({ min: -3, max: 9 }).map(String), fc.constantFrom("'x'", "'y'", "''", "true", "false", "null", "1.5"));

const field = fc.constantFrom(...KEYS);

export const expression: fc.Arbitrary<string> = fc.letrec<{ expr: string; path: string; fn: string }>((tie) => {
  const expr = tie("expr");
  const lambda = (params: string) => expr.map((body) => `function(${params}) { ${body} }`);
  return {
    path: fc.oneof(
      { depthSize: "small" },
      fc.array(field, { minLength: 1, maxLength: 3 }).map((steps) => steps.join(".")),
      fc.tuple(field, fc.integer({ min: -2, max: 2 })).map(([f, i]) => `${f}[${i}]`),
      fc.tuple(field, expr).map(([f, p]) => `${f}[${p}]`),
      fc.tuple(field, field).map(([f, g]) => `${f}.${g}[]`),
      fc.tuple(fc.constantFrom("$", "$$", "$v"), field).map(([v, f]) => `${v}.${f}`),
      fc.tuple(field, field).map(([f, g]) => `${f}^(${g})`),
      fc.tuple(field, field, expr).map(([f, k, v]) => `${f}{${k}: ${v}}`),
      fc.tuple(field, expr).map(([f, e]) => `${f}.(${e})`),
      fc.constantFrom("*", "**.a", "$"),
    ),
    fn: fc.oneof(
      fc
        .tuple(
          fc.constantFrom(
            "sum",
            "count",
            "max",
            "min",
            "average",
            "string",
            "keys",
            "exists",
            "boolean",
            "not",
            "distinct",
            "reverse",
            "merge",
            "type",
            "uppercase",
            "length",
            "number",
            "abs",
            "floor",
            "spread",
            "sort",
          ),
          expr,
        )
        .map(([name, arg]) => `$${name}(${arg})`),
      fc.tuple(expr, expr).map(([a, b]) => `$append(${a}, ${b})`),
      fc.tuple(expr, field).map(([a, k]) => `$lookup(${a}, '${k}')`),
      fc.tuple(expr).map(([a]) => `$join($map(${a}, $string), ',')`),
      fc.tuple(expr, lambda("$v")).map(([a, f]) => `$map(${a}, ${f})`),
      fc.tuple(expr, lambda("$v, $i")).map(([a, f]) => `$filter(${a}, ${f})`),
      fc.tuple(expr, lambda("$acc, $v")).map(([a, f]) => `$reduce(${a}, ${f})`),
      fc.tuple(expr, lambda("$v, $k")).map(([a, f]) => `$each(${a}, ${f})`),
      fc.tuple(expr, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })).map(([a, s, l]) => `$substring($string(${a}), ${s}, ${l})`),
      fc.tuple(expr, expr).map(([a, b]) => `(${a}) ~> $append(${b})`),
    ),
    expr: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      literal,
      tie("path"),
      tie("fn"),
      fc
        .tuple(expr, fc.constantFrom("+", "-", "*", "/", "%", "=", "!=", "<", "<=", ">", ">=", "&", "and", "or", "in"), expr)
        .map(([l, op, r]) => `(${l} ${op} ${r})`),
      // Operators on close values, so that ties and signs are common.
      fc
        .tuple(
          fc.integer({ min: -2, max: 2 }),
          fc.constantFrom("+", "-", "*", "/", "%", "=", "!=", "<", "<=", ">", ">="),
          fc.integer({ min: -2, max: 2 }),
        )
        .map(([l, op, r]) => `(${l} ${op} ${r})`),
      fc
        .tuple(fc.constantFrom("'a'", "'b'", "''"), fc.constantFrom("=", "<", "<=", ">", ">=", "&"), fc.constantFrom("'a'", "'b'", "''"))
        .map(([l, op, r]) => `(${l} ${op} ${r})`),
      expr.map((e) => `-(${e})`),
      fc.tuple(expr, expr, expr).map(([c, t, e]) => `(${c} ? ${t} : ${e})`),
      fc.tuple(expr, expr).map(([a, b]) => `(${a} ?: ${b})`),
      fc.array(expr, { maxLength: 3 }).map((items) => `[${items.join(", ")}]`),
      fc.tuple(expr, expr).map(([a, b]) => `{"k": ${a}, "${"a"}": ${b}}`),
      fc.tuple(expr, expr).map(([v, body]) => `($v := ${v}; ${body})`),
      fc.tuple(expr, expr).map(([body, arg]) => `(function($v) { ${body} })(${arg})`),
      fc.tuple(fc.integer({ min: -2, max: 3 }), fc.integer({ min: -2, max: 4 })).map(([a, b]) => `[${a}..${b}]`),
      expr.map((e) => `(${e})[]`),
      fc.tuple(expr, fc.integer({ min: -1, max: 2 })).map(([e, i]) => `(${e})[${i}]`),
    ),
  };
}).expr;
