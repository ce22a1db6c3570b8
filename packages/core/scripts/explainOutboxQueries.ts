/**
 * The query plans of the outbox's admin queries (recent calls newest first, filtered by event and status;
 * dead calls; an entity's calls) on a table of ROWS rows like a store's, each with PostgreSQL's EXPLAIN
 * ANALYZE: how it reads, and how long it took. The statements are the store's own: a SQL client in front of
 * createPostgresOutboxStore puts EXPLAIN before each. `--without-recent-indexes` drops the indexes the
 * recent-calls queries use first, to see the plans as they were before them.
 *
 *   npx tsx packages/core/scripts/explainOutboxQueries.ts [--rows 5000] [--without-recent-indexes]
 */
import { parseArgs } from "node:util";
import { createPostgresOutboxStore, OUTBOX_TABLE, outboxTable, outboxTableSql, type SqlClient } from "../src/deliver/outbox";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
// The repository's one way to start a real PostgreSQL (testHelpers/testPostgres.ts, which imports vitest, uses it too).
import { startEmbeddedPostgres } from "../../../examples/medusa-store/scripts/embeddedPostgres";

const { values } = parseArgs({ options: { rows: { type: "string", default: "5000" }, "without-recent-indexes": { type: "boolean" } } });
const rows = Number(values.rows);

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "trackmap-explain-pg-"));
  const postgres = await startEmbeddedPostgres({ dataDir });
  await postgres.createDatabase("explain");
  const sql = new Client({ connectionString: postgres.url("explain") });
  await sql.connect();
  try {
    for (const statement of outboxTableSql()) await sql.query(statement);
    if (values["without-recent-indexes"]) {
      for (const index of outboxTable().indexes.filter((index) => index.name.includes("_recent_"))) await sql.query(`DROP INDEX "${index.name}"`);
    }
    // A day of a store's calls, one every few seconds: most delivered, a few waiting or dead; most track
    // calls of three common events, a rare one, and identify calls; each about 1 KB, as an order's call is.
    await sql.query(
      `INSERT INTO ${OUTBOX_TABLE} (id, call, status, attempts, next_attempt_at, created_at, updated_at, source_event, entity_ids)
     SELECT 'msg-' || i,
            CASE WHEN i % 10 < 3 THEN jsonb_build_object('type', 'identify', 'userId', 'cus_' || (i % 500), 'traits', jsonb_build_object('note', repeat('x', 800)))
                 ELSE jsonb_build_object('type', 'track', 'userId', 'cus_' || (i % 500),
                        'event', CASE WHEN i % 200 = 7 THEN 'Order Refunded' ELSE (ARRAY['Order Completed', 'Product Added', 'Checkout Started'])[1 + i % 3] END,
                        'properties', jsonb_build_object('order_id', 'order_' || i, 'note', repeat('x', 800))) END,
            CASE WHEN i % 50 = 0 THEN 'dead' WHEN i % 50 = 1 THEN 'retrying' WHEN i % 50 = 2 THEN 'pending' ELSE 'delivered' END,
            1, now(), now() - make_interval(secs => ($1 - i) * 86400.0 / $1), now() - make_interval(secs => ($1 - i) * 86400.0 / $1),
            'order.placed', ARRAY['order_' || i, 'cus_' || (i % 500)]
     FROM generate_series(1, $1) AS i`,
      [rows],
    );
    await sql.query(`ANALYZE ${OUTBOX_TABLE}`);

    let plans: string[][] = [];
    const explaining: SqlClient = {
      async query(text, params) {
        const { rows: lines } = await sql.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params as unknown[]);
        plans.push(lines.map((line) => line["QUERY PLAN"]));
        return { rows: [] };
      },
    };
    const store = createPostgresOutboxStore(explaining);
    // Counted up to 10,000, as the admin's recent-calls route asks; the first case counts every row, for comparison.
    const countUpTo = 10_000;
    const cases: Array<[string, () => Promise<unknown>]> = [
      ["recent calls, page 1, counting every row", () => store.listCalls({ limit: 20 })],
      ["recent calls, page 1", () => store.listCalls({ limit: 20, countUpTo })],
      ["recent calls, page 10", () => store.listCalls({ limit: 20, offset: 180, countUpTo })],
      ["status dead", () => store.listCalls({ limit: 20, status: "dead", countUpTo })],
      ["event Order Completed", () => store.listCalls({ limit: 20, event: "Order Completed", countUpTo })],
      ["event Order Refunded (rare)", () => store.listCalls({ limit: 20, event: "Order Refunded", countUpTo })],
      ["event Order Completed, status delivered", () => store.listCalls({ limit: 20, event: "Order Completed", status: "delivered", countUpTo })],
      ["type identify", () => store.listCalls({ limit: 20, type: "identify", countUpTo })],
      ["dead calls", () => store.listDead(20)],
      ["a customer's calls", () => store.listForEntity("cus_7", 20)],
      ["an order's calls", () => store.listForEntity("order_7", 20)],
    ];
    console.log(`${rows} rows${values["without-recent-indexes"] ? ", without the recent-calls indexes" : ""}\n`);
    for (const [name, run] of cases) {
      plans = [];
      await run();
      for (const [i, plan] of plans.entries()) {
        const time = plan.find((line) => line.startsWith("Execution Time"));
        const reads = plan.filter((line) => /Scan|Sort/.test(line)).map((line) => line.trim().replace(/\s+\(cost.*$/, ""));
        console.log(`${name}${plans.length > 1 ? (i === 0 ? " (page)" : " (count)") : ""}: ${time}\n  ${reads.join("\n  ")}`);
      }
    }
  } finally {
    await sql.end();
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

void main();
