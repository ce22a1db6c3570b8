import { main } from "../cli/main";
import type { Output } from "../cli/output";

/** Runs the CLI in process with captured, colourless output. */
export async function runTrackmap(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out: Output = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    color: false,
  };
  const code = await main(argv, out);
  return { code, stdout, stderr };
}
