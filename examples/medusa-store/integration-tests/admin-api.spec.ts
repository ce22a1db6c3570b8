import { join } from "node:path";
import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import type { SegmentService } from "@trackmap/medusa/modules/segment";
import { importCustomers } from "../src/store-flows";
import { createAdminUser } from "./setup/adminUser";
import { placeSimpleOrder } from "./setup/placeSimpleOrder";
import { startStoreSegment } from "./setup/storeSegment";
import { until } from "./setup/until";

/**
 * The plugin's admin API (/admin/trackmap/...) on a real store: Medusa's own authentication in front
 * (401 without an admin), the outbox's figures, recent and dead calls from the store's PostgreSQL,
 * re-sending dead calls to the (local) Segment server, and Medusa's 400s for bad parameters.
 */
const { segment, env } = await startStoreSegment({
  SEGMENT_MAX_RETRIES: "0",
  TRACKMAP_OUTBOX: JSON.stringify({ poll_interval_ms: 100, base_backoff_ms: 100, max_backoff_ms: 1000 }),
});
const ADMIN = { email: "admin@example.com", password: "admin-password" };

// biome-ignore lint/suspicious/noExplicitAny: each test reads the fields of the answer it asserts.
type Response = { status: number; data: any };

medusaIntegrationTestRunner({
  cwd: join(__dirname, ".."),
  env,
  testSuite: ({ getContainer, api }) => {
    const service = () => getContainer().resolve<SegmentService>("segmentService");
    let headers: Record<string, string>;
    /** Medusa's answer whatever its status (axios rejects on 4xx). */
    const answer = (request: Promise<Response>): Promise<Response> => request.catch((error) => error.response);
    const get = (path: string) => answer(api.get(path, { headers }));
    const post = (path: string, body: unknown) => answer(api.post(path, body, { headers }));

    beforeAll(async () => {
      await createAdminUser(getContainer(), ADMIN);
      const { data } = await api.post("/auth/user/emailpass", ADMIN);
      headers = { Authorization: `Bearer ${data.token}` };
    });
    afterEach(() => segment.reset());
    afterAll(() => segment.close());

    it("answers 401 to every route without an admin session", async () => {
      const anonymous = await Promise.all([
        ...[
          "/admin/trackmap/status",
          "/admin/trackmap/outbox",
          "/admin/trackmap/calls",
          "/admin/trackmap/dead",
          "/admin/trackmap/entities/order_1/calls",
        ].map((path) => answer(api.get(path))),
        answer(api.post("/admin/trackmap/dead/resend", { all: true })),
      ]);

      expect(anonymous.map((response) => [response.status, response.data])).toEqual(Array(6).fill([401, { message: "Unauthorized" }]));
    });

    it("shows the set-up: the write key set (never the key), the outbox on, the mappings in force", async () => {
      const { status, data } = await get("/admin/trackmap/status");

      expect(status).toBe(200);
      expect(data.status).toMatchObject({ write_key_set: true, dry_run: false, outbox: "on", mappings_loaded: true, warnings: [] });
      expect(data.status.events).toContainEqual({
        event: "order.placed",
        mapping: expect.stringMatching(/order-placed\.yaml$/),
        from: "shipped",
        disabled: false,
      });
      expect(JSON.stringify(data)).not.toContain("test-write-key");
    });

    it("gives the figures and the recent calls newest first, filtered by event, type and status, page by page", async () => {
      const orderId = await placeSimpleOrder(getContainer());
      await segment.waitForMessages(1);
      await until(async () => (await service().outboxCounts())?.delivered === 1, "the order's call marked delivered");

      const figures = await get("/admin/trackmap/outbox?hours=2");
      expect(figures.status).toBe(200);
      expect(figures.data).toMatchObject({ outbox: "on", counts: { pending: 0, retrying: 0, dead: 0, delivered: 1 }, delivered_last_24h: 1 });
      expect(figures.data.per_minute).toEqual([{ minute: expect.any(String), stored: 1, delivered: 1 }]);

      const completed = await get("/admin/trackmap/calls?event=Order%20Completed&type=track&status=delivered");
      expect(completed.data).toMatchObject({ count: 1, limit: 20, offset: 0 });
      expect(completed.data.calls).toEqual([
        expect.objectContaining({
          message_id: segment.messages[0]!.messageId,
          status: "delivered",
          type: "track",
          event: "Order Completed",
          attempts: 1,
          last_error: null,
          call: expect.objectContaining({ properties: expect.objectContaining({ order_id: orderId }) }),
        }),
      ]);

      // The order's page: the calls mapped from its event, found by its id.
      const forOrder = await get(`/admin/trackmap/entities/${orderId}/calls`);
      expect(forOrder.data).toMatchObject({ has_more: false, limit: 20, offset: 0 });
      expect(forOrder.data.calls).toEqual([
        expect.objectContaining({
          kind: "call",
          event: "Order Completed",
          status: "delivered",
          source_event: "order.placed",
          entity_ids: expect.arrayContaining([orderId]),
        }),
      ]);
      expect((await get("/admin/trackmap/entities/order_none/calls")).data.calls).toEqual([]);

      await importCustomers(getContainer(), 2);
      await until(async () => (await service().outboxCounts())?.delivered === 5, "the customers' calls delivered");
      const firstPage = await get("/admin/trackmap/calls?limit=2");
      const lastPage = await get("/admin/trackmap/calls?limit=2&offset=4");
      expect(firstPage.data.count).toBe(5);
      // The customers' calls came after the order's: the first page holds two of them.
      expect(firstPage.data.calls.map((call: { event: string | null; type: string }) => call.event ?? call.type)).toEqual([
        expect.stringMatching(/^(identify|Customer Created)$/),
        expect.stringMatching(/^(identify|Customer Created)$/),
      ]);
      expect(lastPage.data.calls.map((call: { event: string }) => call.event)).toEqual(["Order Completed"]);
      expect((await get("/admin/trackmap/calls?type=identify")).data.count).toBe(2);
    });

    it("lists dead calls with their reasons, and re-sends one, then all, to Segment", async () => {
      segment.setFault({ status: 400 });
      const [customerId] = await importCustomers(getContainer(), 1);
      await until(async () => (await service().outboxCounts())?.dead === 2, "the customer's two calls kept dead");
      segment.clearFault();

      const dead = await get("/admin/trackmap/dead?limit=1");
      expect(dead.data).toMatchObject({ count: 2, limit: 1, offset: 0 });
      expect(dead.data.dead_calls).toEqual([
        expect.objectContaining({ status: "dead", user_id: customerId, last_error: "Segment delivery failed: [400] Bad Request" }),
      ]);
      const second = await get("/admin/trackmap/dead?limit=1&offset=1");
      const [one, other] = [dead.data.dead_calls[0].message_id, second.data.dead_calls[0].message_id];
      expect(one).not.toBe(other);

      expect((await post("/admin/trackmap/dead/resend", { message_ids: [one] })).data).toEqual({ resent: 1 });
      const [arrived] = await segment.waitForMessages(1);
      expect(arrived?.messageId).toBe(one);

      expect((await post("/admin/trackmap/dead/resend", { all: true })).data).toEqual({ resent: 1 });
      await segment.waitForMessages(2);
      expect(segment.messages.map((m) => m.messageId)).toEqual([one, other]);
      await until(async () => (await service().outboxCounts())?.dead === 0, "no call left dead");
    });

    it("answers 400 with Medusa's message for bad parameters", async () => {
      const bad = await Promise.all([
        get("/admin/trackmap/calls?limit=500"),
        get("/admin/trackmap/calls?status=lost"),
        get("/admin/trackmap/calls?offset=first"),
        get("/admin/trackmap/calls?sort=created_at"),
        get("/admin/trackmap/outbox?hours=48"),
        get("/admin/trackmap/dead?limit=0"),
        get("/admin/trackmap/entities/order_1/calls?offset=-1"),
        post("/admin/trackmap/dead/resend", {}),
        post("/admin/trackmap/dead/resend", { all: true, message_ids: ["a"] }),
        post("/admin/trackmap/dead/resend", { message_ids: [] }),
      ]);

      expect(bad.map((response) => [response.status, response.data.type, response.data.message])).toEqual([
        [400, "invalid_data", "Invalid request: Value for field 'limit' too big, expected at most: '200'"],
        [400, "invalid_data", "Invalid request: Expected: 'pending, retrying, dead, delivered' for field 'status', but got: 'lost'"],
        [400, "invalid_data", "Invalid request: Expected type: 'number' for field 'offset', got: 'first'"],
        [400, "invalid_data", "Invalid request: Unrecognized fields: 'sort'"],
        [400, "invalid_data", "Invalid request: Value for field 'hours' too big, expected at most: '24'"],
        [400, "invalid_data", "Invalid request: Value for field 'limit' too small, expected at least: '1'"],
        [400, "invalid_data", "Invalid request: Value for field 'offset' too small, expected at least: '0'"],
        [400, "invalid_data", "Invalid request: Give either message_ids (the dead calls to send again) or all: true, not both"],
        [400, "invalid_data", "Invalid request: Give either message_ids (the dead calls to send again) or all: true, not both"],
        [400, "invalid_data", expect.stringMatching(/^Invalid request: .*message_ids/)],
      ]);
    });
  },
});
