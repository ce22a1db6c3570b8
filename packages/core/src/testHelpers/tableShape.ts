import type { OutboxTableDefinition, SqlClient } from "../deliver/outbox";

/** A table as PostgreSQL's catalogue shows it, in a form a description can be written in too. */
export interface TableShape {
  /**
   * By name: a column added by a later migration (ALTER TABLE) comes last, where a table made anew
   * from the same description has it in place; the store names the columns it reads.
   */
  columns: Array<{ name: string; type: string; nullable: boolean; default: string | null }>;
  /** Primary key, checks, uniques, foreign keys (NOT NULL is the columns' `nullable`), by name. */
  constraints: Array<{ name: string; definition: string }>;
  /** By name. */
  indexes: Array<{ name: string; method: string; columns: string[]; unique: boolean; where: string | null }>;
}

/** The shape of `table` (in the connection's current schema) as PostgreSQL made it. */
export async function readTableShape(client: SqlClient, table: string): Promise<TableShape> {
  const { rows: columns } = await client.query(
    `SELECT column_name AS name, CASE WHEN data_type = 'ARRAY' THEN substr(udt_name, 2) || '[]' ELSE data_type END AS type, is_nullable = 'YES' AS nullable, column_default AS "default"
     FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  const { rows: constraints } = await client.query(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS definition
     FROM pg_constraint WHERE conrelid = to_regclass(quote_ident($1)) AND contype <> 'n'`,
    [table],
  );
  const { rows: indexes } = await client.query(
    `SELECT index.relname AS name, method.amname AS method, ix.indisunique AS unique, pg_get_expr(ix.indpred, ix.indrelid) AS "where",
       array(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n)
             JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum ORDER BY k.n) AS columns
     FROM pg_index ix JOIN pg_class index ON index.oid = ix.indexrelid JOIN pg_am method ON method.oid = index.relam
     WHERE ix.indrelid = to_regclass(quote_ident($1))`,
    [table],
  );
  return { columns: byName(columns), constraints: byName(constraints), indexes: byName(indexes) };
}

/**
 * The shape the outbox table's description says, as readTableShape reads it back: PostgreSQL names
 * the primary key `<table>_pkey` and a column's check `<table>_<column>_check`, and writes a check's
 * `IN (...)` as `= ANY (ARRAY[...])`.
 */
export function describedTableShape({ name, columns, primaryKey, indexes }: OutboxTableDefinition): TableShape {
  return {
    columns: byName(columns.map((column) => ({ name: column.name, type: column.type, nullable: column.nullable, default: column.default ?? null }))),
    constraints: byName([
      { name: `${name}_pkey`, definition: `PRIMARY KEY (${primaryKey})` },
      ...columns
        .filter((column) => column.oneOf)
        .map((column) => ({
          name: `${name}_${column.name}_check`,
          definition: `CHECK ((${column.name} = ANY (ARRAY[${column.oneOf!.map((value) => `'${value}'::text`).join(", ")}])))`,
        })),
    ]),
    indexes: byName([
      { name: `${name}_pkey`, method: "btree", columns: [primaryKey], unique: true, where: null },
      ...indexes.map((index) => ({
        name: index.name,
        method: index.method ?? "btree",
        columns: [...index.columns],
        unique: false,
        where: index.where ? `(${index.where})` : null,
      })),
    ]),
  };
}

function byName<T extends { name: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
