import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { TrackmapError } from "../diagnostics/trackmapError";
import { DEFAULT_BUDGET } from "../isolate";
import { devCommand } from "./commands/dev";
import { evalCommand } from "./commands/eval";
import { runCommand } from "./commands/run";
import { testCommand } from "./commands/test";
import { validateCommand } from "./commands/validate";
import { defaultOutput, findDefaultMappings, UsageError, type Output } from "./output";

const PACKAGE: { version: string; bugs: { url: string } } = JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8"));
const VERSION = PACKAGE.version;

/**
 * The `trackmap` command line. Returns the exit code: 0 ok, 1 failures (invalid
 * mappings, failing tests, mapping errors), 2 usage or configuration errors.
 */
export async function main(argv: string[], out: Output = defaultOutput()): Promise<number> {
  let exitCode = 0;
  // NO_COLOR (https://no-color.org: any non-empty value) wins over whatever output was given.
  if (process.env.NO_COLOR) out.color = false;
  const program = new Command("trackmap")
    .description("Declarative Segment tracking: validate, run and test mapping files.")
    .version(VERSION)
    .option("--no-color", "plain output (also when NO_COLOR is set or output is not a terminal)")
    .exitOverride()
    .configureOutput({ writeOut: out.stdout, writeErr: out.stderr })
    .showHelpAfterError("(run with --help for usage)");
  program.hook("preAction", (command) => {
    if (command.opts().color === false) out.color = false;
  });

  const collect = (value: string, previous: string[] = []) => [...previous, value];

  program
    .command("validate")
    .description("check mapping files (and their tests and tracking plan); every problem as file:line:col")
    .argument("[paths...]", "mapping folders or files (default: the project's mappings/)")
    .option("--json", "print a JSON report to stdout")
    .action(async (paths: string[], options: { json?: boolean }) => {
      exitCode = await validateCommand(paths.length ? paths : [findDefaultMappings()], options, out);
    });

  program
    .command("run")
    .description("print the Segment calls the mappings give for an event and an input, without sending them")
    .argument("<event>", "the source event name, e.g. order.placed")
    .requiredOption("-i, --input <file>", "input JSON or YAML: the records by name (e.g. order), optionally event.data")
    .option("-m, --mappings <dir>", "mapping folder; repeat to layer folders (later ones override)", collect)
    .option("-d, --data <json>", 'the event\'s data, e.g. \'{"id":"order_123"}\' (default: event.data of the input)')
    .option("--variables <json>", 'host variables for expressions, e.g. \'{"reporting":{"currency":"EUR"}}\'')
    .option("--redact <key>", "also remove this key from the calls; repeatable", collect)
    .option("--json", "print only a JSON array of the calls to stdout")
    .option("--budget-ms <ms>", `time the event may take, as in a store (default: ${DEFAULT_BUDGET.budgetMs})`, wholeNumber("--budget-ms"))
    .action(async (event: string, options: RunCliOptions) => {
      exitCode = await runCommand(event, { ...options, mappings: options.mappings ?? [findDefaultMappings()] }, out);
    });

  program
    .command("eval")
    .description("evaluate one JSONata expression as mappings do (compiled, with trackmap's functions) and print its value")
    .argument("<expression>", "the expression, e.g. '$sum(order.items.(unit_price * quantity))'")
    .option("-i, --input <file>", "the input it is evaluated on: JSON, or YAML (default: none)")
    .option("--json", "print { value, compiled } or { error } as JSON to stdout")
    .action(async (expression: string, options: { input?: string; json?: boolean }) => {
      exitCode = await evalCommand(expression, options, out);
    });

  program
    .command("test")
    .description("run the declarative mapping tests (*.test.yaml); exit 1 on any failure")
    .argument("[paths...]", "folders or test files (default: the project's mappings/)")
    .option("-m, --mappings <dir>", "mapping folders to load (default: the test folders); repeatable", collect)
    .option("--json", "print a JSON report to stdout")
    .option("--budget-ms <ms>", `time each case's event may take, as in a store (default: ${DEFAULT_BUDGET.budgetMs})`, wholeNumber("--budget-ms"))
    .action(async (paths: string[], options: { mappings?: string[]; json?: boolean; budgetMs?: number }) => {
      exitCode = await testCommand(paths.length ? paths : [findDefaultMappings()], options, out);
    });

  program
    .command("dev")
    .description(
      "a local playground in the browser: edit a mapping against a fixture and see calls, problems and tests live; a local Segment endpoint",
    )
    .option("-m, --mappings <dir>", "mapping folder; repeat to layer folders (later ones override)", collect)
    .option("--port <port>", "port of the page (default: a free one)", wholeNumber("--port"))
    .option("--segment-port <port>", "port of the local Segment endpoint (default: a free one)", wholeNumber("--segment-port"))
    .action(async (options: { mappings?: string[]; port?: number; segmentPort?: number }) => {
      exitCode = await devCommand(playgroundFolders(options), options, out);
    });

  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError) {
      out.stderr(`trackmap: ${error.message}\n`);
      return 2;
    }
    const bug = internalError(error);
    out.stderr(`trackmap: ${bug.code} ${bug.message}\ntrackmap ${VERSION}, node ${process.version}\n${bug.stack}\n`);
    return 2;
  }
}

/** The folders `dev` works on: the same options as `run`; one place to swap for the store's own configuration. */
function playgroundFolders(options: { mappings?: string[] }): string[] {
  return options.mappings ?? [findDefaultMappings()];
}

type RunCliOptions = { input: string; mappings?: string[]; data?: string; variables?: string; json?: boolean; redact?: string[]; budgetMs?: number };

/** Parses an option that must be a whole number of at least 1. */
function wholeNumber(option: string): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < 1) throw new UsageError(`${option} must be a whole number of at least 1, got "${value}"`);
    return number;
  };
}

/** An unexpected failure: a bug in trackmap, reported with where to report it and the original stack. */
function internalError(cause: unknown): TrackmapError {
  const bug = new TrackmapError("TM_INTERNAL", `internal error (this is a bug, please report it at ${PACKAGE.bugs.url} with the output below)`);
  bug.stack = (cause as Error)?.stack ?? String(cause);
  return bug;
}
