import type { BackfillEstimate, BackfillJob, BackfillRequest } from "@trackmap/core/host";
import type { AdminTrackmapCall } from "../../api/admin/trackmap/serialize";

export type { AdminTrackmapCall, BackfillEstimate, BackfillRequest };

/** GET /admin/trackmap/status */
export interface TrackmapStatus {
  write_key_set: boolean;
  dry_run: boolean;
  outbox: "on" | "off" | "unavailable";
  mappings_loaded: boolean;
  events: Array<{ event: string; mapping: string; from: "shipped" | "store"; disabled: boolean }>;
  warnings: string[];
}

/** GET /admin/trackmap/outbox */
export interface TrackmapFigures {
  outbox: TrackmapStatus["outbox"];
  now: string;
  counts: { pending: number; retrying: number; dead: number; delivered: number } | null;
  delivered_last_24h: number | null;
  per_minute: Array<{ minute: string; stored: number; delivered: number }>;
}

/** The calls of an order, or of a customer and their orders, a page at a time. */
export interface EntityCallPage {
  calls: AdminTrackmapCall[];
  has_more: boolean;
}

export interface CallPage {
  calls: AdminTrackmapCall[];
  /** At most 10,000: more match when `count_capped`. */
  count: number;
  count_capped: boolean;
  limit: number;
  offset: number;
}

/** A backfill as GET /admin/trackmap/backfill gives it: core's job, its dates as text. */
export type AdminBackfill = Omit<BackfillJob, "createdAt" | "updatedAt"> & { createdAt: string; updatedAt: string };

export interface BackfillState {
  backfill: AdminBackfill | null;
  /** The events a backfill replays; `tracked` when a mapping handles it (others give no call). */
  events: Array<{ event: string; tracked: boolean }>;
}

// Defined by Medusa's dashboard build: the backend's URL ("/" when the server serves the admin itself), and how the
// dashboard authenticates (a session cookie by default, or a JWT it keeps in localStorage).
declare const __BACKEND_URL__: string | undefined;
declare const __AUTH_TYPE__: string | undefined;
declare const __JWT_TOKEN_STORAGE_KEY__: string | undefined;
const BACKEND = (typeof __BACKEND_URL__ === "string" ? __BACKEND_URL__ : "/").replace(/\/$/, "");

function authorization(): Record<string, string> {
  if (typeof __AUTH_TYPE__ !== "string" || __AUTH_TYPE__ !== "jwt" || typeof __JWT_TOKEN_STORAGE_KEY__ !== "string") return {};
  const token = window.localStorage.getItem(__JWT_TOKEN_STORAGE_KEY__);
  return token ? { authorization: `Bearer ${token}` } : {};
}

/**
 * The plugin's admin routes, called as the dashboard calls Medusa's: with the admin's session
 * cookie. A failure throws Medusa's message.
 */
async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${BACKEND}/admin/trackmap${path}`, {
    ...init,
    credentials: "include",
    headers: { "content-type": "application/json", ...authorization(), ...init.headers },
  });
  const body = (await response.json().catch(() => ({}))) as { message?: string };
  if (!response.ok) throw new Error(body?.message ?? `${response.status} ${response.statusText}`);
  return body as T;
}

function query(params: Record<string, string | number | undefined>): string {
  const given = Object.entries(params).filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== "");
  return given.length ? `?${new URLSearchParams(given.map(([key, value]): [string, string] => [key, String(value)]))}` : "";
}

export const trackmapApi = {
  status: () => request<{ status: TrackmapStatus }>("/status").then((body) => body.status),
  figures: (hours: number) => request<TrackmapFigures>(`/outbox${query({ hours })}`),
  calls: (filter: { limit: number; offset: number; status?: string; event?: string; type?: string }) => request<CallPage>(`/calls${query(filter)}`),
  dead: (page: { limit: number; offset: number }) =>
    request<{ dead_calls: AdminTrackmapCall[]; count: number }>(`/dead${query(page)}`).then(({ dead_calls, count }) => ({
      calls: dead_calls,
      count,
    })),
  forEntity: (entityId: string, page: { limit: number; offset: number }) =>
    request<EntityCallPage>(`/entities/${encodeURIComponent(entityId)}/calls${query(page)}`),
  forCustomer: (customerId: string, page: { limit: number; offset: number }) =>
    request<EntityCallPage>(`/customers/${encodeURIComponent(customerId)}/calls${query(page)}`),
  resend: (messageIds: string[] | "all") =>
    request<{ resent: number }>("/dead/resend", {
      method: "POST",
      body: JSON.stringify(messageIds === "all" ? { all: true } : { message_ids: messageIds }),
    }).then((body) => body.resent),
  backfill: (id?: string) => request<BackfillState>(`/backfill${query({ id })}`),
  estimateBackfill: (backfill: BackfillRequest) =>
    request<{ estimate: BackfillEstimate }>("/backfill", {
      method: "POST",
      body: JSON.stringify({ action: "start", dry_run: true, ...backfill }),
    }).then((body) => body.estimate),
  startBackfill: (backfill: BackfillRequest) => controlBackfill({ action: "start", ...backfill }),
  pauseBackfill: () => controlBackfill({ action: "pause" }),
  resumeBackfill: () => controlBackfill({ action: "resume" }),
  cancelBackfill: () => controlBackfill({ action: "cancel" }),
};

function controlBackfill(body: { action: string } & BackfillRequest): Promise<AdminBackfill | null> {
  return request<{ backfill: AdminBackfill | null }>("/backfill", { method: "POST", body: JSON.stringify(body) }).then((answer) => answer.backfill);
}
