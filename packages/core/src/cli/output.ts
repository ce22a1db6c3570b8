/** Where the CLI writes; injectable so tests can capture output. */
export interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colours only on a terminal, and never with NO_COLOR or --no-color. */
  color: boolean;
}

export function defaultOutput(): Output {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  };
}

/** A user mistake the CLI reports in one line before exiting with code 2 (not a bug). */
export class UsageError extends Error {}
