import type { SegmentCall } from "../../calls/segmentCall";
import type { BackfillMapper } from "./backfillMapper";
import { type BackfillRange, type BackfillSource, historyOf } from "./backfillSource";
import { DEFAULT_BACKFILL_RATE } from "./runBackfill";

export interface BackfillEstimate {
  /** Records in the range. */
  records: number;
  /** Records mapped to estimate from (the first ones). */
  sampled: number;
  /** Calls expected: the sample's calls per record times the records. */
  calls: number;
  /** At the rate; undefined when the rate is off. */
  seconds?: number;
  rate: number;
  /** The first calls, as they would be stored (nothing is stored or sent). */
  firstCalls: SegmentCall[];
  /** Failures while mapping the sample. */
  errors: string[];
}

export interface EstimateOptions {
  source: BackfillSource;
  map: BackfillMapper;
  range?: BackfillRange;
  events?: readonly string[];
  rate?: number;
  /** Records mapped for the estimate. Default 20. */
  sample?: number;
  /** Calls shown. Default 5. */
  show?: number;
}

/** A dry run: counts the records, maps the first ones, and says how many calls and how long. Stores and sends nothing. */
export async function estimateBackfill(options: EstimateOptions): Promise<BackfillEstimate> {
  const range = options.range ?? {};
  const rate = options.rate ?? DEFAULT_BACKFILL_RATE;
  const events = options.events ? new Set(options.events) : undefined;
  const records = await options.source.count(range);
  const sample = await options.source.page(range, undefined, options.sample ?? 20);
  const calls: SegmentCall[] = [];
  const errors: string[] = [];
  for (const record of sample) {
    for (const event of historyOf(record, events)) {
      try {
        const mapped = await options.map(event);
        calls.push(...mapped.calls);
        errors.push(...mapped.errors, ...mapped.rejected.map((r) => r.error.message));
      } catch (error) {
        errors.push(`${event.name} of ${record.id}: ${(error as Error)?.message ?? String(error)}`);
      }
    }
  }
  const estimated = sample.length ? Math.round((calls.length / sample.length) * records) : 0;
  return {
    records,
    sampled: sample.length,
    calls: estimated,
    ...(rate > 0 ? { seconds: estimated / rate } : {}),
    rate,
    firstCalls: calls.slice(0, options.show ?? 5),
    errors,
  };
}
