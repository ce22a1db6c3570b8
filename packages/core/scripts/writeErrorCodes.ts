/** Writes the generated pages of docs/: the error codes (src/diagnostics/codes.ts) and the commerce library's reference. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderErrorCodes } from "../src/diagnostics/renderErrorCodes";
import { COMMERCE_LIBRARY, COMMERCE_LIBRARY_PAGE, renderLibraryReference } from "../src/load/libraryReference";

const docs = join(__dirname, "..", "..", "..", "docs");
writeFileSync(join(docs, "error-codes.md"), renderErrorCodes());
console.log(`wrote ${join(docs, "error-codes.md")}`);
writeFileSync(COMMERCE_LIBRARY_PAGE, renderLibraryReference(readFileSync(COMMERCE_LIBRARY, "utf8"), "../mappings/lib/commerce.yaml"));
console.log(`wrote ${COMMERCE_LIBRARY_PAGE}`);
