// Runs Medusa's CLI in the example store (db:migrate, exec, ...), for the demo and the benchmarks.
const { spawn } = require("node:child_process");
const { join } = require("node:path");

const STORE = join(__dirname, "..");

/**
 * Resolves with the whole output when the command exits 0, rejects with it otherwise.
 * `onLine` sees each complete output line as it arrives.
 */
function runMedusa(args, env = {}, onLine = () => {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(join(STORE, "node_modules", ".bin", "medusa"), args, {
      cwd: STORE,
      env: { ...process.env, NODE_OPTIONS: "", LOG_LEVEL: "error", ...env },
    });
    let output = "";
    let pending = "";
    const collect = (chunk) => {
      const text = chunk.toString();
      output += text;
      const lines = (pending + text).split("\n");
      pending = lines.pop();
      for (const line of lines) onLine(line);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("close", (code) => (code === 0 ? resolve(output) : reject(new Error(`medusa ${args[0]} failed (exit ${code}):\n${output}`))));
  });
}

module.exports = { runMedusa };
