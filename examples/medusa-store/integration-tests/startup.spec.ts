import { spawn } from "node:child_process";
import { join } from "node:path";

/**
 * Start-up checks, with Medusa's own CLI booting the store: `medusa exec` loads the app
 * (modules, plugins, subscribers) and runs a script, as a deploy would.
 */
const store = join(__dirname, "..");

function medusaExec(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const databaseUrl = `postgres://${process.env.DB_USERNAME}:${process.env.DB_PASSWORD}@${process.env.DB_HOST}:${process.env.DB_PORT}/postgres`;
  return new Promise((resolve) => {
    const child = spawn(join(store, "node_modules/.bin/medusa"), ["exec", "./integration-tests/setup/noop.js"], {
      cwd: store,
      env: { ...process.env, NODE_OPTIONS: "", DATABASE_URL: databaseUrl, ...env },
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("start-up", () => {
  it("refuses to start with a broken mapping, naming its file, line and column", async () => {
    const { code, output } = await medusaExec({
      SEGMENT_WRITE_KEY: "test-write-key",
      TRACKMAP_MAPPINGS: join(__dirname, "broken-mappings"),
    });

    expect(code).not.toBe(0);
    expect(output).toMatch(/broken-mappings\/order-placed\.yaml:8:\d+: error TM_JSONATA_SYNTAX/);
    expect(output).not.toContain("test-write-key");
  });

  it("refuses to start with an invalid option, naming it", async () => {
    const { code, output } = await medusaExec({ SEGMENT_WRITE_KEY: "test-write-key", SEGMENT_FLUSH_AT: "0" });

    expect(code).not.toBe(0);
    expect(output).toContain('@trackmap/medusa: option "flush_at" must be a whole number, at least 1');
    expect(output).not.toContain("test-write-key");
  });
});
