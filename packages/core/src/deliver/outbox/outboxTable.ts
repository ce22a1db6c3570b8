/**
 * The outbox table, described once. `outboxTableSql()` is written from it (Medusa v1's migration runs
 * that SQL), and each plugin has a test that the migration it ships makes exactly this table: Medusa
 * v2's migration, generated from its data model by `medusa db:generate`, and v1's. Types and defaults
 * are spelt as PostgreSQL shows them back (information_schema.columns), which is also valid in DDL,
 * so that what a migration made can be compared with this description as it is.
 */

/** The outbox table's name unless a host names another. */
export const OUTBOX_TABLE = "trackmap_outbox";

export interface OutboxColumn {
  name: string;
  /** As information_schema.columns.data_type names it; an array as its element type and `[]` (`text[]`). */
  type: "text" | "text[]" | "jsonb" | "integer" | "timestamp with time zone";
  nullable: boolean;
  /** As information_schema.columns.column_default shows it. */
  default?: string;
  /** The only values allowed (a CHECK constraint named `<table>_<column>_check`). */
  oneOf?: readonly string[];
}

export interface OutboxIndex {
  name: string;
  columns: readonly string[];
  /** Its access method; btree unless said (gin for an array's elements). */
  method?: "btree" | "gin";
  /** A partial index's condition. */
  where?: string;
}

export interface OutboxTableDefinition {
  name: string;
  columns: readonly OutboxColumn[];
  /** The primary key's column; its constraint is PostgreSQL's default name, `<table>_pkey`. */
  primaryKey: string;
  indexes: readonly OutboxIndex[];
}

const timestamp = "timestamp with time zone";

/** The outbox table named `table`: the columns the store works on, then those Medusa v2 adds to every data model. */
export function outboxTable(table = OUTBOX_TABLE): OutboxTableDefinition {
  return {
    name: table,
    columns: [
      { name: "id", type: "text", nullable: false },
      { name: "call", type: "jsonb", nullable: false },
      { name: "status", type: "text", nullable: false, default: "'pending'::text", oneOf: ["pending", "retrying", "dead", "delivered"] },
      { name: "attempts", type: "integer", nullable: false, default: "0" },
      { name: "next_attempt_at", type: timestamp, nullable: false },
      { name: "locked_until", type: timestamp, nullable: true },
      { name: "last_error", type: "text", nullable: true },
      { name: "delivered_at", type: timestamp, nullable: true },
      // The first and the last delivery attempt, for the admin's dead calls (attempts counts them).
      { name: "first_attempt_at", type: timestamp, nullable: true },
      { name: "last_attempt_at", type: timestamp, nullable: true },
      // A row is a call, or an event whose mapping failed, kept dead to be mapped again (see OutboxEventRecord).
      { name: "kind", type: "text", nullable: false, default: "'call'::text", oneOf: ["call", "event"] },
      // The event a call was mapped from (null for a call written by hand), and the entities it concerns.
      { name: "source_event", type: "text", nullable: true },
      { name: "entity_ids", type: "text[]", nullable: false, default: "'{}'::text[]" },
      // Medusa v2 gives every data model these three and soft deletion; the store reads only rows not deleted.
      { name: "created_at", type: timestamp, nullable: false, default: "now()" },
      { name: "updated_at", type: timestamp, nullable: false, default: "now()" },
      { name: "deleted_at", type: timestamp, nullable: true },
    ],
    primaryKey: "id",
    indexes: [
      // Medusa v2 indexes deleted_at for every data model.
      { name: `IDX_${table}_deleted_at`, columns: ["deleted_at"], where: "deleted_at IS NULL" },
      // The claim's search: due rows by status and time.
      { name: `IDX_${table}_status_next_attempt_at`, columns: ["status", "next_attempt_at"], where: "deleted_at IS NULL" },
      // The calls made for one order or one customer: `entity_ids @> ARRAY[id]`.
      { name: `IDX_${table}_entity_ids`, columns: ["entity_ids"], method: "gin", where: "deleted_at IS NULL" },
      { name: `IDX_${table}_recent_created_at`, columns: ["created_at"], where: "deleted_at IS NULL" },
      { name: `IDX_${table}_recent_status_created_at`, columns: ["status", "created_at"], where: "deleted_at IS NULL" },
    ],
  };
}

/** The statements that create the table (when missing), for hosts whose migrations run them (Medusa v1). */
export function outboxTableSql(table = OUTBOX_TABLE): string[] {
  const { name, columns, primaryKey, indexes } = outboxTable(table);
  const columnSql = columns.map((column) =>
    [
      `"${column.name}" ${column.type}`,
      column.nullable ? "NULL" : "NOT NULL",
      column.name === primaryKey ? "PRIMARY KEY" : "",
      column.default === undefined ? "" : `DEFAULT ${column.default}`,
      column.oneOf ? `CHECK ("${column.name}" IN (${column.oneOf.map((value) => `'${value}'`).join(", ")}))` : "",
    ]
      .filter(Boolean)
      .join(" "),
  );
  return [
    `CREATE TABLE IF NOT EXISTS "${name}" (\n  ${columnSql.join(",\n  ")}\n)`,
    ...indexes.map(
      (index) =>
        `CREATE INDEX IF NOT EXISTS "${index.name}" ON "${name}"${index.method === "gin" ? " USING gin" : ""} (${index.columns.map((column) => `"${column}"`).join(", ")})` +
        (index.where ? ` WHERE ${index.where}` : ""),
    ),
  ];
}
