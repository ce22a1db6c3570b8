import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { trackJsonLines } from "./jsonLines";
import { createNodeHost, type RecordBook } from "./nodeHost";
import { startWebhook } from "./webhook";

const USAGE = `usage: node-host --records records.json (--events events.jsonl | --port 3000) [--mappings folder]...
  SEGMENT_WRITE_KEY sends to Segment; without it, a dry run logs the calls.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { records: { type: "string" }, events: { type: "string" }, port: { type: "string" }, mappings: { type: "string", multiple: true } },
  });
  if (!values.records || (!values.events && !values.port)) throw new Error(USAGE);
  const book = JSON.parse(readFileSync(values.records, "utf8")) as RecordBook;
  const host = createNodeHost({ options: { write_key: process.env.SEGMENT_WRITE_KEY, mappings: values.mappings ?? [], outbox: false } });
  await host.logStart();
  if (values.events) {
    const summary = await trackJsonLines(host, values.events, book);
    for (const skipped of summary.skipped) console.warn(skipped);
    console.log(`${summary.events} event(s) mapped, ${summary.calls} call(s) sent`);
    await host.close();
    return;
  }
  const webhook = await startWebhook(host, book, Number(values.port));
  console.log(`listening on ${webhook.url}/events`);
  process.once("SIGINT", () => void webhook.close().then(() => host.close()));
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
