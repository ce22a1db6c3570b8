import type { RecordLoader } from "@trackmap/core";

/** What the loader needs of Medusa v1's container: `resolve` by registration name. */
export interface V1Container {
  resolve<T = unknown>(name: string): T;
  hasRegistration?(name: string): boolean;
}

type RetrieveOptions = { relations: string[] };
type V1EntityService = {
  retrieve?: (id: string, config?: RetrieveOptions) => Promise<unknown>;
  retrieveWithTotals?: (id: string, config?: RetrieveOptions) => Promise<unknown>;
};

/**
 * Loads the records v1 mappings declare with Medusa v1's own services: entity `order` is
 * `orderService`, `line_item` is `lineItemService`, and so on. A mapping's `fields` are the
 * relations to join (TypeORM paths such as `items.variant.product`); every column of each entity
 * comes along. Services that compute totals (`retrieveWithTotals`: orders, carts) are asked for
 * them, since v1 computes totals only on request.
 */
export function createV1RecordLoader(container: V1Container): RecordLoader {
  return async ({ entity, id, fields }) => {
    const service = container.resolve<V1EntityService>(serviceName(entity));
    const retrieve = service.retrieveWithTotals ?? service.retrieve;
    if (typeof retrieve !== "function") throw new Error(`${serviceName(entity)} has no retrieve method`);
    try {
      return await retrieve.call(service, String(id), { relations: fields });
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  };
}

/** `order` → `orderService`, `line_item` → `lineItemService`: Medusa v1's registration names. */
export function serviceName(entity: string): string {
  return `${entity.replace(/[_-](.)/g, (_, c: string) => c.toUpperCase())}Service`;
}

/** Medusa v1 throws a MedusaError of type `not_found` for a missing (or soft-deleted) record. */
function isNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { type?: unknown }).type === "not_found";
}
