import { defineMiddlewares, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http";
import {
  AdminTrackmapBackfillBody,
  AdminTrackmapBackfillQuery,
  AdminTrackmapCallsQuery,
  AdminTrackmapDeadQuery,
  AdminTrackmapEntityCallsQuery,
  AdminTrackmapFiguresQuery,
  AdminTrackmapResendBody,
} from "./admin/trackmap/validators";

/**
 * The plugin's admin routes, checked as Medusa checks its own. Medusa authenticates every route
 * under /admin (an admin's session, bearer token or secret API key) before these run.
 */
export default defineMiddlewares({
  routes: [
    { matcher: "/admin/trackmap/outbox", methods: ["GET"], middlewares: [validateAndTransformQuery(AdminTrackmapFiguresQuery, {})] },
    { matcher: "/admin/trackmap/calls", methods: ["GET"], middlewares: [validateAndTransformQuery(AdminTrackmapCallsQuery, {})] },
    { matcher: "/admin/trackmap/entities/:id/calls", methods: ["GET"], middlewares: [validateAndTransformQuery(AdminTrackmapEntityCallsQuery, {})] },
    { matcher: "/admin/trackmap/customers/:id/calls", methods: ["GET"], middlewares: [validateAndTransformQuery(AdminTrackmapEntityCallsQuery, {})] },
    { matcher: "/admin/trackmap/dead", methods: ["GET"], middlewares: [validateAndTransformQuery(AdminTrackmapDeadQuery, {})] },
    { matcher: "/admin/trackmap/dead/resend", methods: ["POST"], middlewares: [validateAndTransformBody(AdminTrackmapResendBody)] },
    { matcher: "/admin/trackmap/backfill", methods: ["GET"], middlewares: [validateAndTransformQuery(AdminTrackmapBackfillQuery, {})] },
    { matcher: "/admin/trackmap/backfill", methods: ["POST"], middlewares: [validateAndTransformBody(AdminTrackmapBackfillBody)] },
  ],
});
