import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { CODES, docsUrl } from "./codes";
import { renderErrorCodes } from "./renderErrorCodes";

const SRC = join(__dirname, "..");
const ERROR_CODES_PAGE = join(__dirname, "..", "..", "..", "..", "docs", "error-codes.md");

function sourceTexts(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceTexts(path);
    const isSource = entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts");
    return isSource ? [{ file: relative(SRC, path), text: readFileSync(path, "utf8") }] : [];
  });
}

describe("the code catalogue", () => {
  it("docs/error-codes.md is in sync with it (run `pnpm --filter @trackmap/core run docs` to update)", () => {
    expect(readFileSync(ERROR_CODES_PAGE, "utf8")).toBe(renderErrorCodes());
  });

  it("has no code that the core never reports", () => {
    const texts = sourceTexts(SRC).filter(({ file }) => file !== join("diagnostics", "codes.ts"));
    const unused = Object.keys(CODES).filter((code) => !texts.some(({ text }) => text.includes(`"${code}"`)));

    expect(unused).toEqual([]);
  });

  it("gives each code a section of the docs page, linked by its anchor", () => {
    const page = renderErrorCodes();

    for (const code of Object.keys(CODES) as Array<keyof typeof CODES>) {
      expect(page).toContain(`\n### ${code}\n`);
      expect(page).toContain(`](#${code.toLowerCase()})`);
    }
    expect(docsUrl("TM_UNKNOWN_KEY")).toBe("https://github.com/trackmap/trackmap/blob/main/docs/error-codes.md#tm_unknown_key");
  });
});
