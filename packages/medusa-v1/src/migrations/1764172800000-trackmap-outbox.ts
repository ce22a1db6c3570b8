import { OUTBOX_TABLE, outboxTableSql } from "@trackmap/core";

/**
 * The outbox table, created by `medusa migrations run` (Medusa v1 runs the migrations in a
 * plugin's dist/migrations): calls are stored there before they are sent. Its SQL comes from
 * core's one description of the table (`outboxTable()`), the same as Medusa v2's model makes.
 */
export class TrackmapOutbox1764172800000 {
  name = "TrackmapOutbox1764172800000";

  async up(queryRunner: { query(sql: string): Promise<unknown> }): Promise<void> {
    for (const statement of outboxTableSql()) await queryRunner.query(statement);
  }

  async down(queryRunner: { query(sql: string): Promise<unknown> }): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "${OUTBOX_TABLE}"`);
  }
}
