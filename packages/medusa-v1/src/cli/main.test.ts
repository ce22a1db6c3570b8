import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "./main";

// Usage is answered without booting a store; the commands themselves run on the v1 store's
// integration tests (booting Medusa 1.20 inside vitest fails, a child process works).

const printed: string[] = [];
afterEach(() => {
  printed.length = 0;
  vi.restoreAllMocks();
});
const capturePrints = () => vi.spyOn(console, "log").mockImplementation((text: string) => void printed.push(text));

describe("trackmap-v1", () => {
  it("lists its commands without one, and exits 2 for an unknown one", async () => {
    capturePrints();
    expect(await main(["--help"], "/nowhere")).toBe(0);
    expect(printed[0]).toMatch(/^trackmap-v1: commands for a Medusa v1 store/);
    expect(await main(["rewind"], "/nowhere")).toBe(2);
  });

  it("prints a command's usage with --help, before booting anything", async () => {
    capturePrints();
    expect(await main(["backfill", "--help"], "/nowhere")).toBe(0);
    expect(printed[0]).toContain("npx trackmap-v1 backfill [command] [options]");
    expect(await main(["capture", "--help"], "/nowhere")).toBe(0);
    expect(printed[1]).toContain("npx trackmap-v1 capture <event> <id...|last=N|data=JSON> [out=FOLDER]");
  });

  it("says when the folder holds no Medusa v1 store", async () => {
    // Under pnpm, /nowhere may still resolve the workspace's Medusa v2: either way, no v1 store.
    await expect(main(["backfill", "status"], "/nowhere")).rejects.toThrow(/^No Medusa v1 store in \/nowhere: /);
  });
});
