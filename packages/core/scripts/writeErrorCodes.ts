/** Writes docs/error-codes.md from the code catalogue (src/diagnostics/codes.ts). */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderErrorCodes } from "../src/diagnostics/renderErrorCodes";

const file = join(__dirname, "..", "..", "..", "docs", "error-codes.md");
writeFileSync(file, renderErrorCodes());
console.log(`wrote ${file}`);
