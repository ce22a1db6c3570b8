import type { Knex } from "@medusajs/framework/mikro-orm/knex";
import type { SqlClient } from "@trackmap/core";

/**
 * The core's PostgreSQL outbox store over Medusa's shared connection (knex): its `$1`
 * parameters become knex's positional `?`, values in the order they appear.
 */
export function knexSqlClient(knex: Knex): SqlClient {
  return {
    async query(text, values) {
      const ordered: unknown[] = [];
      const positional = text.replace(/\$(\d+)/g, (_, n: string) => {
        ordered.push(values[Number(n) - 1]);
        return "?";
      });
      return knex.raw(positional, ordered as Knex.RawBinding[]);
    },
  };
}
