import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { formatCall } from "../../deliver/consoleDestination";
import { hasErrors } from "../../diagnostics/diagnostic";
import { formatDiagnostics } from "../../diagnostics/formatDiagnostic";
import { evaluateMapping } from "../../evaluate/evaluateMapping";
import { loadMappings } from "../../load/loadMappings";
import { prepareCalls } from "../../validate/prepareCalls";
import { UsageError, type Output } from "../output";

export interface RunOptions {
  input: string;
  mappings: string[];
  data?: string;
  variables?: string;
  json?: boolean;
  redact?: string[];
}

/**
 * `trackmap run <event> --input <file>`: the calls the mappings give for an input
 * (records by name, optionally `event`), without loading anything or sending anything.
 */
export async function runCommand(eventName: string, options: RunOptions, out: Output): Promise<number> {
  const input = await readInput(options.input);
  const loaded = await loadMappings(options.mappings);
  if (hasErrors(loaded.diagnostics)) {
    out.stderr(`${formatDiagnostics(loaded.diagnostics, { color: out.color })}\n`);
    return 2;
  }
  const mapping = loaded.mappings.forEvent(eventName);
  if (!mapping) {
    throw new UsageError(`no mapping handles "${eventName}"; mapped events: ${loaded.mappings.events.join(", ") || "none"}`);
  }
  const { event, ...records } = input as { event?: { data?: unknown; metadata?: unknown } };
  const data = options.data !== undefined ? parseJson(options.data, "--data") : (event?.data ?? {});
  const variables = options.variables !== undefined ? (parseJson(options.variables, "--variables") as Record<string, unknown>) : undefined;
  const outcome = await evaluateMapping(mapping, { name: eventName, data, metadata: event?.metadata }, { records, variables });
  const { calls, errors } = prepareCalls(outcome, { redact: options.redact });

  if (options.json) {
    out.stdout(`${JSON.stringify(calls, null, 2)}\n`);
  } else {
    out.stdout(calls.map((call) => formatCall(call, { color: out.color })).join("\n") || "(no calls)\n");
  }
  for (const error of errors) out.stderr(`${error.message}\n`);
  return errors.length ? 1 : 0;
}

async function readInput(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read --input ${path} (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  let value: unknown;
  try {
    value = path.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UsageError(`--input ${path} is not valid ${path.endsWith(".json") ? "JSON" : "YAML"}: ${(error as Error).message}`);
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError(`--input ${path} must hold an object: the records by name (e.g. { "order": {...} })`);
  }
  return value as Record<string, unknown>;
}

function parseJson(text: string, option: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${option} is not valid JSON: ${(error as Error).message}`);
  }
}
