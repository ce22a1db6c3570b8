import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { entityCallsPage } from "../../../serialize";
import type { AdminTrackmapEntityCallsQuery } from "../../../validators";

/** The orders whose calls a customer's page shows: their most recent, as many as a customer of a shop has. */
const MAX_ORDERS = 1000;

/**
 * GET /admin/trackmap/customers/:id/calls?limit=20&offset=0: the outbox's rows for a customer and for
 * their orders, newest first. An order's calls are stored with the order's id (its mappings load the order,
 * not the customer), so the customer's orders are looked up first, with Query.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminTrackmapEntityCallsQuery>, res: MedusaResponse): Promise<void> {
  const { limit, offset } = req.validatedQuery;
  const customerId = req.params.id!;
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY);
  const { data: orders } = await query.graph({
    entity: "order",
    fields: ["id"],
    filters: { customer_id: customerId },
    pagination: { take: MAX_ORDERS, skip: 0, order: { created_at: "DESC" } },
  });
  const ids = [customerId, ...orders.map((order: { id: string }) => order.id)];
  res.json(await entityCallsPage(req, ids, limit, offset));
}
