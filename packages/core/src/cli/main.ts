import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { TrackmapError } from "../diagnostics/trackmapError";
import { DEFAULT_BUDGET } from "../isolate";
import { devCommand } from "./commands/dev";
import { evalCommand } from "./commands/eval";
import { runCommand } from "./commands/run";
import { initCommand } from "./commands/init";
import { REPORTERS, type Reporter, testCommand, type TestOptions } from "./commands/test";
import { watchTests } from "./commands/watchTests";
import { validateCommand } from "./commands/validate";
import { defaultOutput, UsageError, type Output } from "./output";
import { CONFIG_FILE, type FolderOptions, resolveStoreContext, type StoreContext } from "./storeContext";

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

  withFolderOptions(program.command("validate"), collect)
    .description("check mapping files (and their tests and tracking plan); every problem at once, as file:line:col")
    .argument("[paths...]", "the store's mapping folders or files (default: trackmap.config.json's)")
    .option("--json", "print a JSON report to stdout")
    .action(async (paths: string[], options: { json?: boolean } & FolderOptions) => {
      exitCode = await validateCommand(storeContext(paths, options), options, out);
    });

  withFolderOptions(program.command("run"), collect)
    .description("print the Segment calls the mappings give for an event and an input, without sending them")
    .argument("<event>", "the source event name, e.g. order.placed")
    .requiredOption("-i, --input <file>", "input JSON or YAML: the records by name (e.g. order), optionally event.data")
    .option("-d, --data <json>", 'the event\'s data, e.g. \'{"id":"order_123"}\' (default: event.data of the input)')
    .option("--variables <json>", 'host variables for expressions, e.g. \'{"reporting":{"currency":"EUR"}}\'')
    .option("--redact <key>", "also remove this key from the calls; repeatable", collect)
    .option("--json", "print only a JSON array of the calls to stdout")
    .option("--budget-ms <ms>", `time the event may take, as in a store (default: ${DEFAULT_BUDGET.budgetMs})`, wholeNumber("--budget-ms"))
    .action(async (event: string, options: RunCliOptions) => {
      exitCode = await runCommand(event, { ...options, mappings: storeContext([], options).layers }, out);
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

  withFolderOptions(program.command("test"), collect)
    .description("run the declarative mapping tests (*.test.yaml); exit 1 on any failure")
    .argument("[paths...]", "folders or test files (default: the store's mapping folders)")
    .option("-t, --filter <text>", "only the cases whose name contains this text")
    .option("-u, --update", "write the actual calls into the expectations of failing cases, keeping comments and layout")
    .option("-w, --watch", "run again when a mapping, test, fixture or library changes")
    .addOption(new Option("--reporter <name>", "how results are printed").choices(REPORTERS).default("pretty"))
    .option("-o, --output-file <file>", "write the report (json or junit) to this file instead of stdout")
    .option("--json", "the same as --reporter json")
    .option("--full", "show every difference of a case in full (by default: the differing paths only, at most 40 lines)")
    .option("--require-tests", "a mapping without a test file is an error, not a warning")
    .option("--budget-ms <ms>", `time each case's event may take, as in a store (default: ${DEFAULT_BUDGET.budgetMs})`, wholeNumber("--budget-ms"))
    .action(async (paths: string[], options: TestCliOptions) => {
      const context = storeContext(paths.map(folderOf), options);
      const reporter = options.json ? "json" : options.reporter;
      const testOptions = { ...options, reporter, testPaths: paths.length ? paths : context.storeMappings };
      exitCode = options.watch ? await watchTests(context, testOptions, out) : await testCommand(context, testOptions, out);
    });

  program
    .command("init")
    .description(`set up a store: ${CONFIG_FILE}, a mapping folder with an example mapping and its test, and editor wiring`)
    .argument("[folder]", "the mapping folder to create", "trackmap")
    .option("--force", "overwrite files that exist")
    .action(async (folder: string, options: { force?: boolean }) => {
      exitCode = await initCommand(process.cwd(), folder, options, out);
    });

  withFolderOptions(program.command("dev"), collect)
    .description(
      "a local playground in the browser: edit a mapping against a fixture and see calls, problems and tests live; a local Segment endpoint",
    )
    .option("--port <port>", "port of the page (default: a free one)", wholeNumber("--port"))
    .option("--segment-port <port>", "port of the local Segment endpoint (default: a free one)", wholeNumber("--segment-port"))
    .action(async (options: FolderOptions & { port?: number; segmentPort?: number }) => {
      exitCode = await devCommand(storeContext([], options).layers, options, out);
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

type RunCliOptions = FolderOptions & { input: string; data?: string; variables?: string; json?: boolean; redact?: string[]; budgetMs?: number };
type TestCliOptions = FolderOptions & Omit<TestOptions, "reporter" | "testPaths"> & { json?: boolean; watch?: boolean; reporter: Reporter };

const FOLDERS_HELP = `
Folders: the store's mapping folders come from ${CONFIG_FILE} (found from the working folder up),
or mappings/ beside the nearest package.json; the installed plugin's default mappings and libraries
(@trackmap/medusa or @trackmap/medusa-v1) are layered underneath, so \`use: [commerce]\` just works.`;

/** The folder options every command that loads mappings takes, and the help that explains them. */
function withFolderOptions(command: Command, collect: (value: string, previous?: string[]) => string[]): Command {
  return command
    .option("-m, --mappings <dir>", `the store's mapping folder, instead of ${CONFIG_FILE}'s; repeatable (later ones win)`, collect)
    .option("--no-defaults", "do not layer the installed plugin's default mappings and libraries underneath")
    .option("--config <file>", `the configuration to use (default: the nearest ${CONFIG_FILE})`)
    .addHelpText("after", FOLDERS_HELP);
}

/** Paths given as arguments are the store's folders, unless --mappings names them. */
function storeContext(paths: readonly string[], options: FolderOptions): StoreContext {
  return resolveStoreContext(process.cwd(), { ...options, mappings: options.mappings?.length ? options.mappings : paths });
}

/** A test file given as an argument loads the mappings of its folder. */
function folderOf(path: string): string {
  return existsSync(path) && !statSync(path).isDirectory() ? dirname(path) : path;
}

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
