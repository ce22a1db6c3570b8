/**
 * Every code trackmap reports, in one table: what kind of failure it is, what it means,
 * and (where one hint fits every case) the hint printed with it. The code types are
 * derived from this table, so a code cannot be used without its entry, and
 * docs/error-codes.md is rendered from it (`pnpm run docs`; a test keeps it in sync).
 */

// TYPES

/**
 * - `file`: a diagnostic about a mapping, library, test or fixture file, collected and
 *   printed as `file:line:col` (exit code 1 from the CLI).
 * - `api`: a `TrackmapError` thrown by the library API at misuse or invalid configuration.
 * - `run`: a `MappingRunError`, the failure of one event at run time, reported and never
 *   thrown into the host.
 */
export type CodeKind = "file" | "api" | "run";

export interface CodeEntry {
  /** The kinds the code is reported as (TM_INVALID_CALL is both a run-time failure and an API error). */
  kinds: readonly CodeKind[];
  /** What went wrong, in a sentence or two, and what to do about it. */
  summary: string;
  /** The hint printed with a diagnostic whose call site gives none. */
  hint?: string;
}

// CATALOGUE

export const CODES = {
  // Reading files
  TM_PATH_NOT_FOUND: {
    kinds: ["file"],
    summary: "A mapping folder or file given on the command line or in the options does not exist.",
  },
  TM_FILE_UNREADABLE: {
    kinds: ["file"],
    summary: "A file could not be read (permissions, a folder where a file was expected, an I/O error); the reason is in the message.",
  },
  TM_FILE_TOO_LARGE: {
    kinds: ["file"],
    summary: "A mapping or test file is larger than 1 MiB (a fixture or input: 64 MiB), the most trackmap reads; it is not read.",
    hint: "split it into smaller files",
  },
  TM_FILE_SKIPPED: {
    kinds: ["file"],
    summary: "A warning: a FIFO, device or socket is named like a mapping or test file. It is never opened, so it cannot block.",
    hint: "only regular files (or symlinks to them) are read",
  },
  // YAML
  TM_YAML_SYNTAX: {
    kinds: ["file"],
    summary: "The YAML does not parse: a bad indentation, an unclosed quote, a tab where spaces are needed.",
  },
  TM_DUPLICATE_KEY: {
    kinds: ["file"],
    summary: "A key appears twice in the same map; YAML would silently keep only one of them.",
    hint: "keep one of them, or merge their contents",
  },
  TM_YAML_TOO_MANY_ALIASES: {
    kinds: ["file"],
    summary: 'Aliases (`*name`) expand past 1,000 values, a guard against "billion laughs" files; reported at the alias that multiplies most.',
    hint: "write the repeated values out, or alias values that hold no aliases themselves",
  },
  // The file's shape
  TM_SCHEMA_VIOLATION: {
    kinds: ["file"],
    summary: "A value has the wrong type or form for its key (a list where a map is expected, an empty list, a bad name).",
  },
  TM_UNKNOWN_KEY: {
    kinds: ["file"],
    summary: "A key the mapping language does not know, often a typo; the hint names the closest known key.",
  },
  TM_MISSING_KEY: {
    kinds: ["file"],
    summary: "A required key is missing, e.g. `on:` or `calls:` in a mapping, `event` in a track call, `id` in a load.",
  },
  TM_UNKNOWN_CALL_TYPE: {
    kinds: ["file"],
    summary: "An item of `calls:` names no known call type (track, identify, group, page, alias).",
  },
  TM_JSONATA_HEADER: {
    kinds: ["file"],
    summary: "A `.jsonata` mapping does not start with its `/* trackmap ... */` header, which holds `on:` and `load:`.",
    hint: "for example:\n/* trackmap\non: order.canceled\nload:\n  order: { entity: order, id: = event.data.id }\n*/",
  },
  TM_LOOKS_LIKE_EXPRESSION: {
    kinds: ["file"],
    summary: "A warning: a literal looks like a JSONata expression whose leading `=` was forgotten, so it is sent as text.",
  },
  // Expressions
  TM_JSONATA_SYNTAX: {
    kinds: ["file"],
    summary: "An expression does not parse; the message gives JSONata's code and the caret points at the offending token.",
  },
  TM_EXPRESSION_TOO_DEEP: {
    kinds: ["file"],
    summary: "An expression nests more than 200 levels deep (brackets in brackets, `1+1+1…`), more than JSONata's recursion can take.",
    hint: "split it into smaller expressions, e.g. with variables ($x := ...) or functions",
  },
  TM_NOT_A_FUNCTION: {
    kinds: ["file"],
    summary: "An entry of `functions:` is not a function definition.",
    hint: "write it as function($arg) { ... }",
  },
  // Files together
  TM_DUPLICATE_MAPPING: {
    kinds: ["file"],
    summary: "Two mappings of the same folder handle the same event.",
    hint: "one mapping per event in a folder; put several calls in one mapping, or override it from a later folder",
  },
  TM_DUPLICATE_LIBRARY: {
    kinds: ["file"],
    summary: "Two libraries of the same folder have the same name (a later folder may extend a library of an earlier one).",
  },
  TM_DUPLICATE_FUNCTION: {
    kinds: ["file"],
    summary: "A function is defined twice among a mapping and the libraries it uses.",
  },
  TM_UNKNOWN_LIBRARY: {
    kinds: ["file"],
    summary: "`use:` names a library that no loaded file defines (`library: name`).",
  },
  TM_UNKNOWN_PRESET: {
    kinds: ["file"],
    summary: "A load names a `preset` that none of the libraries the mapping uses defines.",
  },
  TM_UNKNOWN_FUNCTION: {
    kinds: ["file"],
    summary:
      "An expression calls a `$function` that neither JSONata, trackmap, the mapping nor the libraries it uses define; it would fail with T1006 when it runs.",
  },
  TM_UNKNOWN_EVENT: {
    kinds: ["file"],
    summary:
      "`on:` names an event the installed plugin does not listen to: the mapping would never run (a warning; a store can still send it with `trackEvent`).",
  },
  // Tests
  TM_NO_TESTS: {
    kinds: ["file"],
    summary: "`trackmap test` found no test files (`*.test.yaml`) under the paths given.",
  },
  TM_MAPPING_UNTESTED: {
    kinds: ["file"],
    summary:
      "A mapping has no test file (`x.test.yaml` beside `x.yaml`, or one naming it with `mapping:`); a warning, an error with `trackmap test --require-tests`.",
    hint: "add x.test.yaml beside it: `trackmap init` writes an example",
  },
  TM_TEST_MAPPING_NOT_FOUND: {
    kinds: ["file"],
    summary: "The mapping a test file tests (`x.test.yaml` tests `x.yaml`, or its `mapping:`) was not loaded.",
  },
  TM_FIXTURE_UNREADABLE: {
    kinds: ["file"],
    summary: "A test case's `input:` file cannot be read, is not valid JSON or YAML, or does not hold an object.",
  },
  TM_TRACKING_PLAN: {
    kinds: ["file"],
    summary: "A schema of the tracking plan (`tracking-plan/*.json`) cannot be read or is no valid JSON Schema.",
  },
  // The library API
  TM_INVALID_MAPPINGS: {
    kinds: ["api"],
    summary: "Mappings that must be valid (at start-up, in `createMappingTester`) have errors; every problem is in the message and in `diagnostics`.",
  },
  TM_INVALID_OPTIONS: {
    kinds: ["api"],
    summary: "An option has the wrong type or value; the message names the option and what it accepts.",
  },
  TM_NO_MAPPING: {
    kinds: ["api"],
    summary: "The mapping tester was asked to map an event that no mapping handles; the message lists the events handled.",
  },
  TM_BACKFILL_NO_OUTBOX: {
    kinds: ["api"],
    summary:
      "A backfill was asked for while the outbox is off (no write key, `outbox: false`, a dry run, or its table missing): history goes through the outbox, which is what keeps each call sent once.",
  },
  TM_BACKFILL_RUNNING: {
    kinds: ["api"],
    summary: "A backfill was started while another one of the same store is running or paused: resume or cancel that one first.",
  },
  TM_INTERNAL: {
    kinds: ["api"],
    summary: "A bug in trackmap, not in your files. The CLI prints it with the versions and the stack: please report it.",
  },
  // Run time
  TM_EVAL_ERROR: {
    kinds: ["run"],
    summary: "JSONata raised an error while evaluating an expression (its code, e.g. T2001, is in the message).",
  },
  TM_EVAL_TIMEOUT: {
    kinds: ["run"],
    summary:
      "An expression ran longer than the evaluation time limit (1 second by default), or, with isolated evaluation, the whole event ran past its budget (`budgetMs`, 1 second by default) and its worker was stopped; the message names the expression that was running.",
    hint: "look for a regular expression that backtracks (nested quantifiers such as `([a-z]+)+`), a loop over a large list, or a slow function; or raise the budget",
  },
  TM_EVAL_MEMORY: {
    kinds: ["run"],
    summary:
      "With isolated evaluation, the worker mapping the event ran out of memory (its heap limit, `heapMb`, 256 MB by default) or built a string or list larger than JavaScript allows, and died; the message names the expression that was running. Other events go on in a new worker.",
    hint: "look for an expression that builds huge values, such as $pad or $split on long text, or a join over a very large list",
  },
  TM_TOO_MANY_CALLS: {
    kinds: ["run"],
    summary: "The mapping gave more calls for one event than allowed (`maxCalls`, 1,000 by default); none of them is sent.",
    hint: "an `each` probably runs over the wrong list; or raise the cap",
  },
  TM_INPUT_TOO_LARGE: {
    kinds: ["run"],
    summary:
      "The event's input (its data and the loaded records, as JSON) is larger than allowed (`maxInputBytes`, 64 MiB by default); the event is not mapped.",
    hint: "load fewer fields (`fields:` of the load), or raise the cap",
  },
  TM_MAPPINGS_CHANGED: {
    kinds: ["run"],
    summary:
      "An evaluation worker found other mapping files than the process started with (they were changed on disk since), so it would map events differently; it maps nothing. Restart the process to use the new files.",
  },
  TM_EVAL_DEPTH: {
    kinds: ["run"],
    summary: "An expression went deeper than the evaluation depth limit (500 by default), e.g. a runaway recursion.",
  },
  TM_BAD_RESULT: {
    kinds: ["run"],
    summary: "A call's expression gave something other than a map of fields (or, in a `.jsonata` mapping, a call without a valid `type`).",
  },
  TM_RECORD_NOT_FOUND: {
    kinds: ["run"],
    summary: "A record the mapping loads does not exist (and the load is not `optional`), or its id gave nothing.",
  },
  TM_LOAD_FAILED: {
    kinds: ["run"],
    summary: "Loading a record failed, e.g. a database error; the loader's reason is in the message.",
  },
  TM_BAD_INPUT: {
    kinds: ["run"],
    summary:
      "The host's data is nested deeper than 100 levels (the deeper parts are left out, the calls go on) or cannot be read at all (the event is not mapped).",
  },
  TM_INVALID_CALL: {
    kinds: ["run", "api"],
    summary:
      "A call breaks Segment's rules (no userId or anonymousId, too large, a bad timestamp...) and is not sent; every problem is listed. Hand-written calls that break them are rejected with a TrackmapError of this code.",
  },
} as const satisfies Record<`TM_${string}`, CodeEntry>;

export type TrackmapCode = keyof typeof CODES;

/** The codes reported as the given kind. */
export type CodeOfKind<K extends CodeKind> = {
  [C in TrackmapCode]: K extends (typeof CODES)[C]["kinds"][number] ? C : never;
}[TrackmapCode];

// DOCS

/** Where the codes are documented, on the repository's site. */
export const ERROR_CODES_DOCS = "https://github.com/trackmap/trackmap/blob/main/docs/error-codes.md";

/** The anchor of a code's section in docs/error-codes.md (as GitHub makes it from the heading). */
export function docsAnchor(code: TrackmapCode): string {
  return code.toLowerCase();
}

export function docsUrl(code: TrackmapCode): string {
  return `${ERROR_CODES_DOCS}#${docsAnchor(code)}`;
}
