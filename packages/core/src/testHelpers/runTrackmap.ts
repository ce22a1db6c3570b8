import { main } from "../cli/main";
import type { Output } from "../cli/output";

type CliResult = { code: number; stdout: string; stderr: string };

/** Runs the CLI in process with captured, colourless output. */
export function runTrackmap(...argv: string[]): Promise<CliResult> {
  return runWithOutput(argv, false);
}

/** The same, with colour as a terminal would have it. */
export function runTrackmapInColour(...argv: string[]): Promise<CliResult> {
  return runWithOutput(argv, true);
}

async function runWithOutput(argv: string[], color: boolean): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const out: Output = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    color,
  };
  const code = await main(argv, out);
  return { code, stdout, stderr };
}
