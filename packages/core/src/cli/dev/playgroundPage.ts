/**
 * The playground's one page: plain HTML and a small script, no build step. The script asks the
 * server to evaluate the editor's text as one types, and listens to /api/live (server-sent
 * events) for files changed on disk and calls received by the local Segment endpoint.
 */
export const PLAYGROUND_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>trackmap dev</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 0; display: grid; grid-template-columns: 1fr 1fr; grid-template-rows: auto 1fr; height: 100vh; }
  header { grid-column: 1 / 3; padding: 8px 12px; background: #1d2533; color: #fff; display: flex; gap: 12px; align-items: center; }
  header code { color: #9fd3ff; }
  section { overflow: auto; padding: 8px 12px; border-right: 1px solid #ddd; }
  textarea { width: 100%; box-sizing: border-box; font: 13px ui-monospace, monospace; }
  #source { height: 55vh; } #input { height: 12vh; }
  h2 { font-size: 13px; text-transform: uppercase; color: #555; margin: 12px 0 4px; }
  pre { background: #f6f8fa; padding: 6px; margin: 4px 0; white-space: pre-wrap; font-size: 12px; }
  .size { color: #666; font-size: 12px; } .fail, .error { color: #b00020; } .pass { color: #137333; } .warning { color: #8a6d00; }
  #saved { color: #137333; }
</style>
</head>
<body>
<header>
  <strong>trackmap dev</strong>
  <label>mapping <select id="mapping"></select></label>
  <label>fixture <select id="fixture"><option value="">(paste input below)</option></select></label>
  <button id="save">Save to disk</button> <span id="saved"></span>
  <span>Segment endpoint: <code id="segment-url"></code></span>
</header>
<section>
  <h2>Mapping</h2>
  <textarea id="source" spellcheck="false"></textarea>
  <h2>Input (when no fixture is picked)</h2>
  <textarea id="input" spellcheck="false" placeholder='{ "event": { "data": { "id": "order_1" } }, "order": { "id": "order_1" } }'></textarea>
</section>
<section>
  <h2>Problems</h2><div id="problems"></div>
  <h2>Calls</h2><div id="calls"></div>
  <h2>Tests</h2><div id="tests"></div>
  <h2>Received by the Segment endpoint</h2><div id="received"></div>
</section>
<script>
const $ = (id) => document.getElementById(id);
let loadedText = "";
let timer;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.textContent = text;
  return node;
}

async function api(path, body) {
  const response = await fetch(path, body ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : undefined);
  return response.json();
}

async function loadFiles() {
  const files = await api("/api/files");
  $("segment-url").textContent = files.segmentUrl;
  const fill = (select, items, keep) => {
    const current = select.value;
    select.querySelectorAll("option[data-file]").forEach((option) => option.remove());
    for (const item of items) {
      const option = el("option", "", item.events ? item.name + " (" + item.events.join(", ") + ")" : item.name);
      option.value = item.path;
      option.dataset.file = "1";
      select.append(option);
    }
    if (keep && [...select.options].some((option) => option.value === current)) select.value = current;
  };
  fill($("mapping"), files.mappings, true);
  fill($("fixture"), files.fixtures, true);
}

async function loadSource() {
  const { text } = await api("/api/source?path=" + encodeURIComponent($("mapping").value));
  loadedText = text;
  $("source").value = text;
  evaluate();
}

async function evaluate() {
  let input;
  if (!$("fixture").value && $("input").value.trim()) {
    try { input = JSON.parse($("input").value); } catch (error) { return show({ error: "input: " + error.message }); }
  }
  show(await api("/api/evaluate", { mapping: $("mapping").value, text: $("source").value, fixture: $("fixture").value || undefined, input }));
}

function show(result) {
  const problems = $("problems"), calls = $("calls"), tests = $("tests");
  problems.replaceChildren(); calls.replaceChildren(); tests.replaceChildren();
  if (result.error) return problems.append(el("div", "error", result.error));
  for (const d of result.diagnostics) problems.append(el("div", d.severity, "line " + d.line + ":" + d.column + " " + d.code + " " + d.message));
  for (const message of result.errors) problems.append(el("div", "error", message));
  if (!problems.childElementCount) problems.append(el("div", "pass", "none"));
  for (const { call, bytes } of result.calls) {
    calls.append(el("div", "size", call.type + (call.event ? ' "' + call.event + '"' : "") + " · " + bytes + " bytes of 32768"));
    calls.append(el("pre", "call", JSON.stringify(call, null, 2)));
  }
  if (!result.calls.length) calls.append(el("div", "", "(no calls)"));
  for (const test of result.tests) {
    tests.append(el("div", test.passed ? "pass" : "fail", (test.passed ? "PASS " : "FAIL ") + test.name));
    for (const problem of test.problems) tests.append(el("pre", "fail", problem));
  }
  if (!result.tests.length) tests.append(el("div", "", "(no tests run: no test file, or the mapping does not compile)"));
}

function later() {
  clearTimeout(timer);
  timer = setTimeout(evaluate, 150);
}

$("source").addEventListener("input", later);
$("input").addEventListener("input", later);
$("fixture").addEventListener("change", evaluate);
$("mapping").addEventListener("change", loadSource);
$("save").addEventListener("click", async () => {
  await api("/api/save", { mapping: $("mapping").value, text: $("source").value });
  loadedText = $("source").value;
  $("saved").textContent = "saved";
});

const live = new EventSource("/api/live");
live.addEventListener("files", async (event) => {
  const { file } = JSON.parse(event.data);
  await loadFiles();
  // Changed on disk: take the new text unless the editor holds unsaved changes.
  if (file === $("mapping").value && $("source").value === loadedText) return loadSource();
  evaluate();
});
live.addEventListener("segment", (event) => {
  for (const message of JSON.parse(event.data)) {
    $("received").prepend(el("pre", "received", JSON.stringify(message, null, 2)));
  }
});

loadFiles().then(loadSource);
</script>
</body>
</html>
`;
