import type { SqlClient } from "@trackmap/core";

/** What this needs of Medusa v1's `manager` (TypeORM 0.3's EntityManager). */
export interface V1EntityManager {
  connection: {
    createQueryRunner(): {
      query(text: string, values: unknown[], structured: true): Promise<{ records: Record<string, unknown>[]; affected?: number }>;
      release(): Promise<void>;
    };
  };
}

/**
 * The core's PostgreSQL outbox store over Medusa v1's database connection. A query runner with
 * a structured result, because TypeORM's plain `manager.query` answers UPDATE with `[rows, count]`.
 */
export function typeormSqlClient(manager: V1EntityManager): SqlClient {
  return {
    async query(text, values) {
      const runner = manager.connection.createQueryRunner();
      try {
        const { records, affected } = await runner.query(text, [...values], true);
        return { rows: records ?? [], rowCount: affected ?? null };
      } finally {
        await runner.release();
      }
    },
  };
}
