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
  const sleep = options.sleep ?? ((ms) => sleepUnlessAborted(ms, options.signal));
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

/**
 * Waits `ms`, or less if the signal is aborted meanwhile: at a low rate a wait is long (100 calls at 1/s,
 * 100 s), and a paused run must stop within moments, not after it, or a resume meanwhile runs beside it.
 */
function sleepUnlessAborted(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
