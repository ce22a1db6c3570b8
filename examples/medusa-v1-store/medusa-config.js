// A Medusa v1 (1.20) store, configured as medusa-plugin-segment's docs told stores to: the same plugin entry,
// with trackmap's package name in `resolve`. The tests set the environment variables read here.
const plugins = [
  "medusa-fulfillment-manual",
  "medusa-payment-manual",
  {
    resolve: "@trackmap/medusa-v1",
    options: {
      write_key: process.env.SEGMENT_WRITE_KEY,
      use_ga_id: true,
      reporting_currency: process.env.SEGMENT_REPORTING_CURRENCY || "EUR",
      // trackmap's own options: rates from configuration (never a network call), and a local Segment in tests.
      exchange_rates: { USD: 0.92, DKK: 0.134 },
      host: process.env.SEGMENT_HOST,
      flush_at: process.env.SEGMENT_FLUSH_AT ? Number(process.env.SEGMENT_FLUSH_AT) : undefined,
      flush_interval: process.env.SEGMENT_FLUSH_INTERVAL ? Number(process.env.SEGMENT_FLUSH_INTERVAL) : undefined,
      spec_amounts: process.env.SEGMENT_SPEC_AMOUNTS === "1",
      max_retries: process.env.SEGMENT_MAX_RETRIES ? Number(process.env.SEGMENT_MAX_RETRIES) : undefined,
      // The durable outbox is on by default; tests compress its timings (JSON).
      outbox: process.env.TRACKMAP_OUTBOX ? JSON.parse(process.env.TRACKMAP_OUTBOX) : undefined,
    },
  },
];

module.exports = {
  projectConfig: {
    database_url: process.env.DATABASE_URL,
    database_type: "postgres",
    database_logging: false,
    jwt_secret: "supersecret",
    cookie_secret: "supersecret",
    store_cors: "http://localhost:8000",
    admin_cors: "http://localhost:7001",
  },
  plugins,
  modules: {
    eventBus: { resolve: "@medusajs/event-bus-local" },
    cacheService: { resolve: "@medusajs/cache-inmemory" },
  },
};
