import { CODES, docsAnchor, type CodeKind, type TrackmapCode } from "./codes";

/** docs/error-codes.md from the catalogue, so the page lists every code and nothing else. */

const KINDS: Record<CodeKind, { title: string; name: string; intro: string }> = {
  file: {
    title: "File diagnostics",
    name: "file diagnostic",
    intro:
      "Problems in mapping, library, test and fixture files. They are collected, never thrown: one run reports them all, " +
      "each as `file:line:col: error CODE message`, then the line with a caret under the column, then a hint. " +
      "`trackmap validate` and `trackmap test` exit with 1 when there is an error (warnings alone do not fail).",
  },
  api: {
    title: "API errors",
    name: "API error",
    intro:
      "A `TrackmapError` (with `code` and, for invalid mappings, `diagnostics`) thrown by the library API on misuse " +
      "or invalid configuration, e.g. when a plugin starts with broken mappings or options.",
  },
  run: {
    title: "Run-time errors",
    name: "run-time error",
    intro:
      "A `MappingRunError`: one event failed at run time. It is reported (logged by the plugins, printed by " +
      "`trackmap run`, listed in `trackmap test`), never thrown into the host; the other calls and events go on. " +
      "Its message names the event, the file and line of the expression, and JSONata's own code when JSONata raised it.",
  },
};

export function renderErrorCodes(): string {
  const codes = Object.keys(CODES) as TrackmapCode[];
  const primary = (code: TrackmapCode) => CODES[code].kinds[0];
  const lines = [
    "# Error codes",
    "",
    "<!-- Generated from packages/core/src/diagnostics/codes.ts by `pnpm --filter @trackmap/core run docs`: edit the catalogue, not this file. -->",
    "",
    "Every problem trackmap reports carries a stable code. Codes are of three kinds:",
    "",
    ...(Object.keys(KINDS) as CodeKind[]).map((kind) => `- [${KINDS[kind].title}](#${anchorOf(KINDS[kind].title)})`),
    "",
    "| Code | Kind | Meaning |",
    "| --- | --- | --- |",
    ...codes.map((code) => `| [\`${code}\`](#${docsAnchor(code)}) | ${kindNames(code)} | ${firstSentence(CODES[code].summary)} |`),
  ];
  for (const kind of Object.keys(KINDS) as CodeKind[]) {
    lines.push("", `## ${KINDS[kind].title}`, "", KINDS[kind].intro);
    for (const code of codes.filter((c) => primary(c) === kind)) {
      const entry: { summary: string; hint?: string; kinds: readonly CodeKind[] } = CODES[code];
      lines.push("", `### ${code}`, "");
      if (entry.kinds.length > 1) lines.push(`*${kindNames(code)}*`, "");
      lines.push(entry.summary);
      if (entry.hint?.includes("\n")) lines.push("", "Hint:", "", "```yaml", entry.hint, "```");
      else if (entry.hint) lines.push("", `Hint: ${entry.hint}.`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function kindNames(code: TrackmapCode): string {
  return CODES[code].kinds.map((kind) => KINDS[kind].name).join(", ");
}

function firstSentence(text: string): string {
  // A full stop ends the sentence, but not the one of "e.g." or of an ellipsis.
  return (/^.*?(?<!e\.g)(?<!\.\.)\.(?=\s|$)/.exec(text)?.[0] ?? text).replace(/\|/g, "\\|");
}

/** GitHub's anchor for a heading: lower case, spaces to dashes, punctuation dropped. */
function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9_ -]/g, "")
    .replace(/ /g, "-");
}
