/**
 * Calls per second, as a token bucket holding at most one second of calls: a run never bursts
 * above its rate for longer than a second, and a pause (a slow page) is not made up for later.
 */
export interface RateLimiter {
  /** Waits until `count` calls may go; at once when the rate is off. */
  take(count: number): Promise<void>;
}

export interface RateLimiterOptions {
  /** Calls per second; 0 or absent: no limit. */
  perSecond?: number;
  /** The clock and the wait, for tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Ends a wait early (a paused or cancelled run). */
  signal?: AbortSignal;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const rate = options.perSecond ?? 0;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let tokens = rate;
  let filledAt = now();
  const refill = () => {
    const at = now();
    tokens = Math.min(rate, tokens + ((at - filledAt) / 1000) * rate);
    filledAt = at;
  };
  return {
    async take(count) {
      if (rate <= 0) return;
      // A batch larger than a second of calls may go once the bucket is full, and leaves it in debt.
      const needed = Math.min(count, rate);
      refill();
      while (tokens < needed && !options.signal?.aborted) {
        await sleep(Math.ceil(((needed - tokens) / rate) * 1000));
        refill();
      }
      tokens -= count;
    },
  };
}
