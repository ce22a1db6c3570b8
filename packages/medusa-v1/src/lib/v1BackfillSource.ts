import type { SqlClient } from "@trackmap/core";
import type { BackfillEvent, BackfillPosition, BackfillRange, BackfillRecord, BackfillSource } from "@trackmap/core/host";

type Row = Record<string, unknown> & { id: string; created_at: Date };

/**
 * The history of a Medusa v1 store, read from its tables: customers with an account
 * (customer.created) and orders with the events their life produced for the plugin's mappings:
 * order.placed, each shipment (order.shipment_created), each return received
 * (order.items_returned), claims, swaps (created, paid, shipped) and cancellation. Each event has
 * the data Medusa 1.20 emits for it (`{ id, no_notification, … }`, REFERENCE §6), so that its calls
 * get the messageIds live tracking gave them. Customers and orders form one stream in (created_at,
 * id) order, creation times taken to the millisecond, as a checkpoint keeps them.
 */
export function v1BackfillSource(sql: SqlClient): BackfillSource {
  const parts = [
    { table: "customer", columns: "*", where: "has_account AND deleted_at IS NULL", records: customerRecords },
    { table: "order", columns: "id, no_notification, canceled_at", where: "TRUE", records: (rows: Row[]) => orderRecords(sql, rows) },
  ];
  return {
    async count(range) {
      let total = 0;
      for (const part of parts) {
        const [where, values] = inRange(part.where, range, undefined);
        const { rows } = await sql.query(`SELECT count(*)::int AS count FROM "${part.table}" WHERE ${where}`, values);
        total += Number(rows[0]?.count ?? 0);
      }
      return total;
    },
    async page(range, after, limit) {
      const records: BackfillRecord[] = [];
      for (const part of parts) {
        const [where, values] = inRange(part.where, range, after);
        const { rows } = await sql.query(
          `SELECT ${part.columns}, ${CREATED_AT} AS created_at FROM "${part.table}" WHERE ${where} ORDER BY ${CREATED_AT}, id LIMIT ${Number(limit)}`,
          values,
        );
        records.push(...(await part.records(rows as Row[])));
      }
      return records.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, limit);
    },
  };
}

/**
 * PostgreSQL keeps microseconds, a checkpoint milliseconds: compared untruncated, a record created
 * at .123456 would come after a checkpoint at .123 that is itself, and be read again.
 */
const CREATED_AT = `date_trunc('milliseconds', created_at)`;

function inRange(base: string, range: BackfillRange, after: BackfillPosition | undefined): [string, unknown[]] {
  const conditions = [`(${base})`];
  const values: unknown[] = [];
  const value = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  if (range.from) conditions.push(`${CREATED_AT} >= ${value(range.from)}`);
  if (range.to) conditions.push(`${CREATED_AT} < ${value(range.to)}`);
  if (after) conditions.push(`(${CREATED_AT}, id) > (${value(new Date(after.createdAt))}::timestamptz, ${value(after.id)})`);
  return [conditions.join(" AND "), values];
}

/**
 * Medusa 1.20 emits the whole customer record as saved, so mappings may read any of its columns:
 * they are given as stored today, without the password hash. The record may have changed since,
 * so calls keep the live ones' messageIds only where the mapping derives them from the id (docs/backfill.md).
 */
async function customerRecords(rows: Row[]): Promise<BackfillRecord[]> {
  return rows.map(({ password_hash: _secret, ...customer }) => {
    const createdAt = new Date(customer.created_at);
    return { id: customer.id, createdAt, events: [{ name: "customer.created", data: customer, at: createdAt }] };
  });
}

/** Each order's life, with the rows of its fulfillments, returns, claims and swaps read once per page. */
async function orderRecords(sql: SqlClient, orders: Row[]): Promise<BackfillRecord[]> {
  if (orders.length === 0) return [];
  const ids = orders.map((order) => order.id);
  const related = async (text: string) => (await sql.query(text, [ids])).rows as Row[];
  // One after the other: one connection at a time, as the outbox also needs the pool.
  const fulfillments = await related(
    `SELECT f.id, f.shipped_at, f.no_notification, coalesce(f.order_id, s.order_id) AS order_id, f.swap_id, s.no_notification AS swap_no_notification
         FROM fulfillment f LEFT JOIN swap s ON s.id = f.swap_id
        WHERE f.shipped_at IS NOT NULL AND f.claim_order_id IS NULL AND coalesce(f.order_id, s.order_id) = ANY($1)`,
  );
  const returns = await related(
    `SELECT id, order_id, received_at, no_notification FROM "return"
        WHERE received_at IS NOT NULL AND swap_id IS NULL AND claim_order_id IS NULL AND order_id = ANY($1)`,
  );
  const claims = await related(`SELECT id, order_id, created_at, no_notification FROM claim_order WHERE deleted_at IS NULL AND order_id = ANY($1)`);
  const swaps = await related(
    `SELECT id, order_id, created_at, confirmed_at, no_notification FROM swap WHERE deleted_at IS NULL AND order_id = ANY($1)`,
  );
  const of = (rows: Row[], order: Row) => rows.filter((row) => row.order_id === order.id);
  return orders.map((order) => {
    const createdAt = new Date(order.created_at);
    const events: BackfillEvent[] = [{ name: "order.placed", data: { id: order.id, no_notification: order.no_notification }, at: createdAt }];
    for (const f of of(fulfillments, order)) {
      events.push(
        f.swap_id
          ? {
              name: "swap.shipment_created",
              data: { id: f.swap_id, fulfillment_id: f.id, no_notification: f.swap_no_notification },
              at: date(f.shipped_at),
            }
          : {
              name: "order.shipment_created",
              data: { id: order.id, fulfillment_id: f.id, no_notification: f.no_notification },
              at: date(f.shipped_at),
            },
      );
    }
    for (const r of of(returns, order)) {
      events.push({
        name: "order.items_returned",
        data: { id: order.id, return_id: r.id, no_notification: r.no_notification },
        at: date(r.received_at),
      });
    }
    for (const c of of(claims, order)) {
      events.push({ name: "claim.created", data: { id: c.id, no_notification: c.no_notification }, at: date(c.created_at) });
    }
    for (const s of of(swaps, order)) {
      events.push({ name: "swap.created", data: { id: s.id, no_notification: s.no_notification }, at: date(s.created_at) });
      if (s.confirmed_at)
        events.push({ name: "swap.payment_completed", data: { id: s.id, no_notification: s.no_notification }, at: date(s.confirmed_at) });
    }
    if (order.canceled_at)
      events.push({ name: "order.canceled", data: { id: order.id, no_notification: order.no_notification }, at: date(order.canceled_at) });
    return { id: order.id, createdAt, events };
  });
}

function date(value: unknown): Date {
  return new Date(value as string | Date);
}
