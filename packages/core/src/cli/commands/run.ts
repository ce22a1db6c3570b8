import { formatCall } from "../../deliver";
import { hasErrors } from "../../diagnostics/diagnostic";
import { formatDiagnostics } from "../../diagnostics/formatDiagnostic";
import { createIsolatedMapper } from "../../isolate";
import { loadMappings, mapInput } from "../../pipeline";
import { itemAt } from "../../shared/itemAt";
import { UsageError, type Output } from "../output";
import { readInputObject } from "../readInput";

export interface RunOptions {
  input: string;
  mappings: string[];
  data?: string;
  variables?: string;
  json?: boolean;
  redact?: string[];
  /** Time the event may take (default: the store's, DEFAULT_BUDGET.budgetMs). */
  budgetMs?: number;
}

/**
 * `trackmap run <event> --input <file>`: the calls the mappings give for an input
 * (records by name, optionally `event`), without loading anything or sending anything.
 */
export async function runCommand(eventName: string, options: RunOptions, out: Output): Promise<number> {
  const input = await readInputObject(options.input);
  const loaded = await loadMappings(options.mappings);
  if (hasErrors(loaded.diagnostics)) {
    out.stderr(`${formatDiagnostics(loaded.diagnostics, { color: out.color })}\n`);
    return 2;
  }
  const mapping = loaded.mappings.forEvent(eventName);
  if (!mapping) {
    throw new UsageError(`no mapping handles "${eventName}"; mapped events: ${loaded.mappings.events.join(", ") || "none"}`);
  }
  const missing = mapping.load.filter((load) => !load.optional && !(load.name in input));
  if (missing.length) {
    const names = missing.map((load) => `"${load.name}" (entity ${load.entity})`).join(", ");
    throw new UsageError(
      `--input ${options.input} has no ${names}: ${mapping.file.path} loads ${missing.length > 1 ? "them" : "it"}, and run loads nothing; put the record${missing.length > 1 ? "s" : ""} in the input by name, e.g. { "${itemAt(missing, 0).name}": { ... } }`,
    );
  }
  const data = options.data !== undefined ? parseJson(options.data, "--data") : undefined;
  const variables = options.variables !== undefined ? (parseJson(options.variables, "--variables") as Record<string, unknown>) : undefined;
  // In a worker with the store's budget: a runaway mapping ends with its error, never a hang.
  const mapper = await createIsolatedMapper({ mappings: options.mappings, budget: { poolSize: 1, budgetMs: options.budgetMs }, loaded });
  const { calls, errors } = await mapInput(mapping, eventName, input, { data, variables, redact: options.redact }, mapper.mapEvent).finally(() =>
    mapper.close(),
  );

  if (options.json) {
    out.stdout(`${JSON.stringify(calls, null, 2)}\n`);
  } else {
    out.stdout(calls.map((call) => formatCall(call, { color: out.color })).join("\n") || "(no calls)\n");
  }
  for (const error of errors) out.stderr(`${error.message}\n`);
  return errors.length ? 1 : 0;
}

function parseJson(text: string, option: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${option} is not valid JSON: ${(error as Error).message}`);
  }
}
