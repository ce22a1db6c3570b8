import type { MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import type { BackfillEvent, BackfillPosition, BackfillRange, BackfillRecord, BackfillSource } from "@trackmap/core/host";

type Row = Record<string, unknown> & { id: string; created_at: string | Date };
type Graph = (query: {
  entity: string;
  fields: string[];
  filters?: unknown;
  pagination?: unknown;
}) => Promise<{ data: Row[]; metadata?: { count?: number } }>;

/**
 * The history of a Medusa v2 store: customers with an account (customer.created) and orders (placed,
 * shipments, returns received, claims, exchanges, cancellation), read with Query, with each event's
 * data as Medusa emits it live (REFERENCE: event payloads), so that its calls get the live messageIds.
 * Customers and orders are merged into one stream in (created_at, id) order.
 */
export function medusaBackfillSource(container: MedusaContainer): BackfillSource {
  const query = container.resolve(ContainerRegistrationKeys.QUERY) as unknown as { graph: Graph };
  const graph: Graph = (q) => query.graph(q);
  const parts = [
    { entity: "customer", fields: ["id", "created_at"], filters: { has_account: true }, events: customerEvents },
    {
      entity: "order",
      fields: [
        "id",
        "created_at",
        "updated_at",
        "canceled_at",
        "is_draft_order",
        "fulfillments.id",
        "fulfillments.shipped_at",
        "returns.id",
        "returns.received_at",
      ],
      filters: { is_draft_order: false },
      events: (rows: Row[]) => orderEvents(graph, rows),
    },
  ];
  return {
    async count(range) {
      let total = 0;
      for (const part of parts) {
        const { metadata } = await graph({
          entity: part.entity,
          fields: ["id"],
          filters: { ...part.filters, ...inRange(range) },
          pagination: { take: 1, skip: 0 },
        });
        total += metadata?.count ?? 0;
      }
      return total;
    },
    async page(range, after, limit) {
      const pages = await Promise.all(
        parts.map(async (part) => {
          const { data } = await graph({
            entity: part.entity,
            fields: part.fields,
            filters: { $and: [{ ...part.filters, ...inRange(range) }, ...(after ? [afterPosition(after)] : [])] },
            pagination: { take: limit, skip: 0, order: { created_at: "ASC", id: "ASC" } },
          });
          return part.events(data);
        }),
      );
      return pages
        .flat()
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .slice(0, limit);
    },
  };
}

function inRange(range: BackfillRange): Record<string, unknown> {
  if (!range.from && !range.to) return {};
  return { created_at: { ...(range.from ? { $gte: range.from } : {}), ...(range.to ? { $lt: range.to } : {}) } };
}

function afterPosition(after: BackfillPosition): Record<string, unknown> {
  const at = new Date(after.createdAt);
  return { $or: [{ created_at: { $gt: at } }, { created_at: at, id: { $gt: after.id } }] };
}

async function customerEvents(rows: Row[]): Promise<BackfillRecord[]> {
  return rows.map((row) => {
    const createdAt = new Date(row.created_at);
    return { id: row.id, createdAt, events: [{ name: "customer.created", data: { id: row.id }, at: createdAt }] };
  });
}

/** An order's life, each event with the data Medusa emits for it. */
async function orderEvents(graph: Graph, rows: Row[]): Promise<BackfillRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [claims, exchanges] = await Promise.all(
    ["order_claim", "order_exchange"].map(
      async (entity) => (await graph({ entity, fields: ["id", "order_id", "created_at"], filters: { order_id: ids } })).data,
    ),
  );
  return rows.map((order) => {
    const createdAt = new Date(order.created_at);
    const events: BackfillEvent[] = [{ name: "order.placed", data: { id: order.id }, at: createdAt }];
    for (const fulfillment of list(order.fulfillments)) {
      if (fulfillment.shipped_at)
        events.push({ name: "shipment.created", data: { id: fulfillment.id }, at: new Date(fulfillment.shipped_at as string) });
    }
    for (const returned of list(order.returns)) {
      if (returned.received_at) {
        events.push({
          name: "order.return_received",
          data: { order_id: order.id, return_id: returned.id },
          at: new Date(returned.received_at as string),
        });
      }
    }
    for (const claim of (claims ?? []).filter((c) => c.order_id === order.id)) {
      events.push({ name: "order.claim_created", data: { order_id: order.id, claim_id: claim.id }, at: new Date(claim.created_at) });
    }
    for (const exchange of (exchanges ?? []).filter((e) => e.order_id === order.id)) {
      events.push({ name: "order.exchange_created", data: { order_id: order.id, exchange_id: exchange.id }, at: new Date(exchange.created_at) });
    }
    if (order.canceled_at) events.push({ name: "order.canceled", data: { id: order.id }, at: new Date(order.canceled_at as string) });
    return { id: order.id, createdAt, events };
  });
}

function list(value: unknown): Row[] {
  return Array.isArray(value) ? (value.filter(Boolean) as Row[]) : [];
}
