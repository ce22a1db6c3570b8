import { ModuleProvider, Modules } from "@medusajs/framework/utils";
import { TrackmapAnalyticsProvider } from "./service";

/**
 * Register in medusa-config under the Analytics Module:
 *
 *     { resolve: "@medusajs/medusa/analytics", options: { providers: [
 *       { resolve: "@trackmap/medusa/providers/analytics", id: "segment", options: { write_key: "..." } },
 *     ] } }
 */
export default ModuleProvider(Modules.ANALYTICS, { services: [TrackmapAnalyticsProvider] });
