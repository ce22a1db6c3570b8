import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "./main";
import { defaultOutput, type Output } from "./output";
import { runTrackmap, runTrackmapInColour } from "../testHelpers/runTrackmap";
import { writeTree } from "../testHelpers/writeTree";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

// biome-ignore lint/suspicious/noControlCharactersInRegex: an ANSI escape (ESC [) is what colour looks like.
const ANSI = /\x1b\[/;
const BROKEN = { "m/order-placed.yaml": "on: order.placed\ncalls:\n  - track: { event: A, userId: u, colour: red }\n" };

describe("trackmap --help", () => {
  it("describes the program and its commands, and exits 0", async () => {
    const { code, stdout, stderr } = await runTrackmap("--help");

    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(/^Usage: trackmap \[options\] \[command\]\n\nDeclarative Segment tracking: validate, run and test mapping files\.\n/);
    expect(stdout).toContain("--no-color");
    for (const command of ["validate [options] [paths...]", "run [options] <event>", "eval [options] <expression>", "test [options] [paths...]"]) {
      expect(stdout).toContain(command);
    }
  });

  it.each([
    ["validate", "Usage: trackmap validate [options] [paths...]", ["--json"]],
    ["run", "Usage: trackmap run [options] <event>", ["-i, --input <file>", "-m, --mappings <dir>", "-d, --data <json>", "--redact <key>", "--json"]],
    ["test", "Usage: trackmap test [options] [paths...]", ["-m, --mappings <dir>", "--json"]],
    ["eval", "Usage: trackmap eval [options] <expression>", ["-i, --input <file>", "--json"]],
  ])("works on %s, with its options, and exits 0", async (command, usage, options) => {
    const viaOption = await runTrackmap(command, "--help");
    const viaHelp = await runTrackmap("help", command);

    expect(viaOption.code).toBe(0);
    expect(viaOption.stdout.split("\n")[0]).toBe(usage);
    for (const option of options) expect(viaOption.stdout).toContain(option);
    expect(viaHelp).toEqual(viaOption);
  });

  it("prints the version", async () => {
    const { code, stdout } = await runTrackmap("--version");

    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe("trackmap: usage errors exit 2", () => {
  it.each([
    [["validate", "--bogus"], "error: unknown option '--bogus'"],
    [["run", "order.placed", "--input", "x.json", "--frobnicate"], "error: unknown option '--frobnicate'"],
    [["test", "--jsn"], "error: unknown option '--jsn'\n(Did you mean --json?)"],
    [["deploy"], "error: unknown command 'deploy'"],
    [["run", "--input", "x.json"], "error: missing required argument 'event'"],
  ])("%j", async (argv, message) => {
    const { code, stdout, stderr } = await runTrackmap(...argv);

    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
    expect(stderr).toContain("(run with --help for usage)");
  });

  it("shows the help on stderr when no command is given", async () => {
    const { code, stderr } = await runTrackmap();

    expect(code).toBe(2);
    expect(stderr).toMatch(/^Usage: trackmap /);
  });
});

describe("trackmap: colour", () => {
  it("colours diagnostics on a terminal", async () => {
    vi.stubEnv("NO_COLOR", "");
    const dir = await writeTree(BROKEN);

    const { code, stderr } = await runTrackmapInColour("validate", join(dir, "m"));

    expect(code).toBe(1);
    expect(stderr).toMatch(ANSI);
  });

  it.each([
    ["before the command", (path: string) => ["--no-color", "validate", path]],
    ["after the command", (path: string) => ["validate", path, "--no-color"]],
  ])("prints no ANSI escape with --no-color %s", async (_, argv) => {
    const dir = await writeTree(BROKEN);

    const { code, stderr } = await runTrackmapInColour(...argv(join(dir, "m")));

    expect(code).toBe(1);
    expect(stderr).not.toMatch(ANSI);
    expect(stderr).toContain(`${join(dir, "m/order-placed.yaml")}:3:35: error TM_UNKNOWN_KEY unknown key "colour" in calls[0].track`);
  });

  it("prints no ANSI escape when NO_COLOR is set, whatever the output says", async () => {
    vi.stubEnv("NO_COLOR", "1");
    const dir = await writeTree({
      ...BROKEN,
      "t/m.yaml": "on: order.placed\ncalls: [{ identify: { userId: u } }]\n",
      "t/m.test.yaml": "cases: [{ name: n, input: {}, expect: [{ identify: { userId: v } }] }]\n",
    });

    const validate = await runTrackmapInColour("validate", join(dir, "m"));
    const test = await runTrackmapInColour("test", join(dir, "t"));

    expect(validate.stderr).toContain("error TM_UNKNOWN_KEY");
    expect(test.stdout).toContain(" FAIL ");
    expect(validate.stderr + validate.stdout + test.stdout + test.stderr).not.toMatch(ANSI);
  });

  it("defaults to colour only on a terminal without NO_COLOR", () => {
    const isTTY = Object.getOwnPropertyDescriptor(process.stdout, "isTTY");
    const setTTY = (value: boolean) => Object.defineProperty(process.stdout, "isTTY", { value, configurable: true });
    try {
      setTTY(true);
      vi.stubEnv("NO_COLOR", "");
      expect(defaultOutput().color).toBe(true);
      vi.stubEnv("NO_COLOR", "1");
      expect(defaultOutput().color).toBe(false);
      vi.stubEnv("NO_COLOR", "");
      setTTY(false);
      expect(defaultOutput().color).toBe(false);
    } finally {
      if (isTTY) Object.defineProperty(process.stdout, "isTTY", isTTY);
      else delete (process.stdout as { isTTY?: boolean }).isTTY;
    }
  });
});

describe("trackmap: the store's folders", () => {
  it("are trackmap.config.json's, found from a folder below it, for validate and test alike", async () => {
    const dir = await writeTree({
      "trackmap.config.json": '{ "mappings": ["tracking"] }',
      "tracking/m.yaml": "on: order.placed\ncalls: [{ identify: { userId: u } }]\n",
      "tracking/m.test.yaml": "cases: [{ name: n, input: {}, expect: [{ identify: { userId: u } }] }]\n",
      "mappings/other.yaml": "on: order.canceled\ncalls: []\n",
      "src/subscribers/.keep": "",
    });
    vi.spyOn(process, "cwd").mockReturnValue(join(dir, "src/subscribers"));

    const validate = await runTrackmap("validate");
    const test = await runTrackmap("test");

    expect(validate).toEqual({ code: 0, stdout: "✔ valid: 1 mapping file(s), 1 test file(s), 1 event(s) mapped\n", stderr: "" });
    expect(test).toEqual({ code: 0, stdout: ` PASS  ${join(dir, "tracking/m.test.yaml")} (1 case(s))\n\n1 passed, 0 failed\n`, stderr: "" });
  });

  it("are reported in one line with exit 2 when there is neither a configuration nor a mappings/ folder", async () => {
    const dir = await writeTree({ "package.json": "{}", "empty/.keep": "" });
    vi.spyOn(process, "cwd").mockReturnValue(join(dir, "empty"));

    expect(await runTrackmap("validate")).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "trackmap: no trackmap.config.json and no mappings/ folder in ..: run `trackmap init`, or give the mapping folders with --mappings <dir>\n",
    });
  });
});

describe("trackmap on a bug", () => {
  it("reports an unexpected failure as TM_INTERNAL, with where to report it, the versions and the stack; exits 2", async () => {
    const dir = await writeTree({
      "m/order-placed.yaml": "on: order.placed\ncalls:\n  - track: { event: A, userId: u }\n",
      "m/order-placed.test.yaml": "cases: [{ name: n, input: {}, expect: [{ track: { event: A } }] }]\n",
    });
    let stderr = "";
    const out: Output = {
      stdout: () => {
        throw new Error("stdout is closed");
      },
      stderr: (text) => {
        stderr += text;
      },
      color: false,
    };

    const code = await main(["validate", join(dir, "m")], out);

    const [first, versions, stack] = stderr.split("\n");
    expect(code).toBe(2);
    expect(first).toBe(
      "trackmap: TM_INTERNAL internal error (this is a bug, please report it at https://github.com/trackmap/trackmap/issues with the output below)",
    );
    expect(versions).toMatch(/^trackmap \d+\.\d+\.\d+\S*, node v\d+/);
    expect(stack).toBe("Error: stdout is closed");
  });
});
