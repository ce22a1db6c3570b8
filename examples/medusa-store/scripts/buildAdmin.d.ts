/** Builds the dashboard with the plugins' admin extensions into public/admin, where `medusa start` serves it (STORE_ADMIN=1). */
export function buildAdmin(): Promise<void>;
