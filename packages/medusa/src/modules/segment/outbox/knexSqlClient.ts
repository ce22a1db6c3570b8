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
      try {
        return await knex.raw(positional, ordered as Knex.RawBinding[]);
      } catch (error) {
        throw withoutQuery(error);
      }
    },
  };
}

/**
 * knex puts the failed query before the database's message, its values written in (a call's
 * data: emails, addresses), and the outbox logs store failures: keep only PostgreSQL's message
 * and its code (e.g. 42P01, the table is missing).
 */
function withoutQuery(error: unknown): unknown {
  const { message, code } = (error ?? {}) as { message?: unknown; code?: unknown };
  if (typeof message !== "string") return error;
  const separator = message.lastIndexOf(" - ");
  const reason = separator === -1 ? message : message.slice(separator + 3);
  return Object.assign(new Error(reason), code === undefined ? {} : { code });
}
