// The store's configuration, as trackmap's README tells a store to write it.
const { loadEnv, defineConfig } = require("@medusajs/framework/utils");

loadEnv(process.env.NODE_ENV || "development", process.cwd());

const trackmapOptions = {
  write_key: process.env.SEGMENT_WRITE_KEY,
  // Segment-compatible server for tests and the demo; unset, the client talks to Segment.
  host: process.env.SEGMENT_HOST,
  flush_at: process.env.SEGMENT_FLUSH_AT ? Number(process.env.SEGMENT_FLUSH_AT) : undefined,
  flush_interval: process.env.SEGMENT_FLUSH_INTERVAL ? Number(process.env.SEGMENT_FLUSH_INTERVAL) : undefined,
  max_retries: process.env.SEGMENT_MAX_RETRIES ? Number(process.env.SEGMENT_MAX_RETRIES) : undefined,
  // The durable outbox is on by default; tests compress its timings (JSON) or turn it off ("false").
  outbox: process.env.TRACKMAP_OUTBOX ? JSON.parse(process.env.TRACKMAP_OUTBOX) : undefined,
  mappings: process.env.TRACKMAP_MAPPINGS ? process.env.TRACKMAP_MAPPINGS.split(",") : undefined,
  disable: process.env.TRACKMAP_DISABLE ? process.env.TRACKMAP_DISABLE.split(",") : undefined,
  // Mapping runs in worker processes by default; "false" maps on the main thread (the benchmarks compare them).
  isolate_evaluation: process.env.TRACKMAP_ISOLATE ? JSON.parse(process.env.TRACKMAP_ISOLATE) : undefined,
  // Development: each mapped event's input written to this folder as a fixture.
  capture_inputs: process.env.TRACKMAP_CAPTURE_INPUTS,
};

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    // With Redis, events go through Medusa's Redis event bus; workers handle them where the
    // worker mode is "worker" or "shared" (the default).
    redisUrl: process.env.REDIS_URL,
    workerMode: process.env.MEDUSA_WORKER_MODE || "shared",
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000",
      authCors: process.env.AUTH_CORS || "http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  // Medusa's dashboard (with the plugin's Segment page), built by `medusa build` and served at /app when
  // STORE_ADMIN=1 (the browser test, `pnpm demo --serve`); the other tests and the benchmarks need none.
  admin: { disable: process.env.STORE_ADMIN !== "1" },
  modules: [
    ...(process.env.REDIS_URL ? [{ resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl: process.env.REDIS_URL } }] : []),
    ...(process.env.TRACKMAP_OFF === "1"
      ? []
      : [
          {
            // Optional: Medusa's Analytics Module, sending through trackmap's validation and delivery.
            resolve: "@medusajs/medusa/analytics",
            options: {
              providers: [
                {
                  resolve: "@trackmap/medusa/providers/analytics",
                  id: "segment",
                  // The plugin's options: the provider then sends through the plugin's outbox and Segment client.
                  options: { ...trackmapOptions },
                },
              ],
            },
          },
        ]),
  ],
  // TRACKMAP_OFF=1 runs the store without the plugin (the benchmarks compare order placement).
  plugins:
    process.env.TRACKMAP_OFF === "1"
      ? []
      : [
          {
            resolve: "@trackmap/medusa",
            options: { ...trackmapOptions },
          },
        ],
});
