import { describe, expect, it } from "vitest";
import SegmentService from "../services/segment";
import startTrackmap from "./startTrackmap";
import { SHUTDOWN_REGISTRATION } from "../lib/flushOnShutdown";

/** Medusa v1's container as the loader uses it: the service built from the plugin's options, as Medusa builds it. */
function medusaContainer(options: Record<string, unknown>) {
  const lines: string[] = [];
  const logger = {
    info: (m: string) => void lines.push(`info: ${m}`),
    warn: (m: string) => void lines.push(`warn: ${m}`),
    error: (m: string) => void lines.push(`error: ${m}`),
  };
  const registrations = new Map<string, { resolve: () => unknown }>([
    ["logger", { resolve: () => logger }],
    ["segmentService", { resolve: () => new SegmentService({ logger }, options) }],
  ]);
  return {
    lines,
    register: (name: string, resolver: { resolve: () => unknown }) => void registrations.set(name, resolver),
    has: (name: string) => registrations.has(name),
    resolve: <T>(name: string) => registrations.get(name)!.resolve() as T,
  };
}

describe("startTrackmap (the plugin's loader)", () => {
  it("says which events are mapped, that it runs dry, that an old option is ignored, and registers the flush at shutdown", async () => {
    const container = medusaContainer({ exchange_rates_api_key: "old-key" });
    await startTrackmap(container);
    expect(container.lines).toEqual([
      expect.stringMatching(/^info: \[trackmap\] 8 event\(s\) mapped to Segment: claim\.created, order\.canceled, .*swap\.shipment_created$/),
      'warn: [trackmap] option "exchange_rates_api_key" is ignored: exchange rates come from the exchange_rates option, never from the network',
      "warn: [trackmap] no write_key: dry run, the Segment calls are logged, not sent",
    ]);
    expect(container.has(SHUTDOWN_REGISTRATION)).toBe(true);
  });

  it("a wrong option is logged with its name (Medusa v1 starts anyway), and nothing is registered", async () => {
    const container = medusaContainer({ writeKey: "wk_secret" });
    await startTrackmap(container);
    expect(container.lines).toEqual([
      'error: [trackmap] not started: @trackmap/medusa-v1: option "writeKey" is not an option (did you mean "write_key"?); options are write_key, use_ga_id, reporting_currency, exchange_rates, exchange_rates_api_key, spec_amounts, mappings, disable, redact, host, flush_at, flush_interval, max_retries, request_timeout_ms, outbox, capture_inputs, timeout_ms, max_depth, isolate_evaluation, eval_budget_ms, eval_pool_size, eval_heap_mb, eval_max_calls, eval_max_input_bytes',
    ]);
    expect(container.has(SHUTDOWN_REGISTRATION)).toBe(false);
  });
});
