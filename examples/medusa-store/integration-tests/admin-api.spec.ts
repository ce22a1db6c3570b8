import { join } from "node:path";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
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
          "/admin/trackmap/customers/cus_1/calls",
          "/admin/trackmap/backfill",
        ].map((path) => answer(api.get(path))),
        answer(api.post("/admin/trackmap/dead/resend", { all: true })),
        answer(api.post("/admin/trackmap/backfill", { action: "start", dry_run: true })),
      ]);

      expect(anonymous.map((response) => [response.status, response.data])).toEqual(Array(9).fill([401, { message: "Unauthorized" }]));
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

      // The order's calls are stored under the order's id only (its mappings load the order, not its customer):
      // the customer's page asks for the customer's and their orders' calls.
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY);
      const {
        data: [order],
      } = await query.graph({ entity: "order", fields: ["customer_id"], filters: { id: orderId } });
      const customerId = order!.customer_id as string;
      expect(forOrder.data.calls[0].entity_ids).not.toContain(customerId);
      expect((await get(`/admin/trackmap/entities/${customerId}/calls`)).data.calls).toEqual([]);
      const forCustomer = await get(`/admin/trackmap/customers/${customerId}/calls`);
      expect(forCustomer.data).toMatchObject({ has_more: false, limit: 20, offset: 0 });
      expect(forCustomer.data.calls.map((call: { message_id: string }) => call.message_id)).toEqual(
        forOrder.data.calls.map((call: { message_id: string }) => call.message_id),
      );

      await importCustomers(getContainer(), 2);
      await until(async () => (await service().outboxCounts())?.delivered === 5, "the customers' calls delivered");
      const firstPage = await get("/admin/trackmap/calls?limit=2");
      const lastPage = await get("/admin/trackmap/calls?limit=2&offset=4");
      expect(firstPage.data).toMatchObject({ count: 5, count_capped: false });
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
        expect.objectContaining({ status: "dead", user_id: customerId, last_error: "Segment delivery failed: [400] Bad Request", attempts: 1 }),
      ]);
      // One attempt: the first is the last.
      const [given] = dead.data.dead_calls;
      expect(given.first_attempt_at).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
      expect(given.last_attempt_at).toBe(given.first_attempt_at);
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
        get("/admin/trackmap/customers/cus_1/calls?limit=0"),
        get("/admin/trackmap/backfill?job=1"),
        post("/admin/trackmap/backfill", { action: "go" }),
        post("/admin/trackmap/backfill", { action: "start", from: "yesterday" }),
        post("/admin/trackmap/backfill", { action: "start", events: ["order.updated"] }),
        post("/admin/trackmap/backfill", { action: "start", rate: -1 }),
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
        [400, "invalid_data", "Invalid request: Value for field 'limit' too small, expected at least: '1'"],
        [400, "invalid_data", "Invalid request: Unrecognized fields: 'job'"],
        [400, "invalid_data", 'Invalid request: action must be "start", "pause", "resume" or "cancel"'],
        [400, "invalid_data", "Invalid request: from must be a date (ISO 8601), e.g. 2024-01-31"],
        [
          400,
          "invalid_data",
          "Invalid request: events: a backfill replays customer.created, order.placed, shipment.created, order.return_received, order.claim_created, order.exchange_created, order.canceled; not order.updated",
        ],
        [400, "invalid_data", "Invalid request: Value for field 'rate' too small, expected at least: '0'"],
      ]);
    });

    it("lists the events a backfill replays, estimates one, runs one at a time (409 for a second), and cancels it", async () => {
      const idle = await get("/admin/trackmap/backfill");
      expect(idle.status).toBe(200);
      expect(idle.data.backfill).toBeNull();
      expect(idle.data.events).toContainEqual({ event: "order.placed", tracked: true });
      expect(idle.data.events).toContainEqual({ event: "customer.created", tracked: true });

      // The runner empties the database after each test: two customers to replay (tracked live too: nothing new is sent).
      const customerIds = await importCustomers(getContainer(), 2);
      const dryRun = await post("/admin/trackmap/backfill", { action: "start", dry_run: true, events: ["customer.created"], rate: 10 });
      expect(dryRun.status).toBe(200);
      expect(dryRun.data.estimate).toMatchObject({ records: 2, sampled: 2, calls: 2, seconds: 0.2, rate: 10, errors: [] });
      // The mappings' identify for each (the store's own "Customer Created", sent by its subscriber, is not a mapping's).
      expect(dryRun.data.estimate.firstCalls.map((call: { type: string; userId: string }) => [call.type, call.userId]).sort()).toEqual(
        customerIds.map((id) => ["identify", id]).sort(),
      );
      // A dry run stores and starts nothing.
      expect((await get("/admin/trackmap/backfill")).data.backfill).toBeNull();

      // At one call a second, the first backfill is still storing its first page when the second is asked for.
      const started = await post("/admin/trackmap/backfill", { action: "start", rate: 1 });
      expect(started.status).toBe(202);
      expect(started.data.backfill).toMatchObject({ status: "running", request: { rate: 1 } });
      const second = await post("/admin/trackmap/backfill", { action: "start" });
      expect([second.status, second.data.code, second.data.message]).toEqual([
        409,
        "TM_BACKFILL_RUNNING",
        `a backfill of this store is running (${started.data.backfill.id}): resume or cancel it before starting another`,
      ]);

      const canceled = await post("/admin/trackmap/backfill", { action: "cancel" });
      expect(canceled.data.backfill).toMatchObject({ id: started.data.backfill.id, status: "canceled" });
      expect((await get("/admin/trackmap/backfill")).data.backfill).toBeNull();
      expect((await get(`/admin/trackmap/backfill?id=${started.data.backfill.id}`)).data.backfill).toMatchObject({ status: "canceled" });
    });
  },
});
