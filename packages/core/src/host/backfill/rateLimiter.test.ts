import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rateLimiter";

/** A clock that moves only when the limiter sleeps, so the waits can be read exactly. */
function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
    elapsed: () => now,
  };
}

describe("createRateLimiter", () => {
  it("lets a second's worth go at once, then spaces calls out at the rate", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ perSecond: 100, now: clock.now, sleep: clock.sleep });

    for (let i = 0; i < 10; i++) await limiter.take(50);

    // 500 calls at 100/s: the first 100 from the full bucket, the other 400 over 4 seconds.
    expect(clock.elapsed()).toBe(4000);
  });

  it("does not wait when the rate is off", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ perSecond: 0, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 100; i++) await limiter.take(1000);
    expect(clock.sleeps).toEqual([]);
  });

  it("lets a batch larger than the rate go once the bucket is full, and makes up for it after", async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ perSecond: 10, now: clock.now, sleep: clock.sleep });
    await limiter.take(30);
    await limiter.take(10);
    // 30 taken from a bucket of 10 leaves a debt of 20: 2 s, then 1 s for the next 10.
    expect(clock.elapsed()).toBe(3000);
  });

  it("stops waiting once its signal is aborted", async () => {
    const clock = fakeClock();
    const stop = new AbortController();
    const limiter = createRateLimiter({
      perSecond: 1,
      now: clock.now,
      sleep: async (ms) => {
        await clock.sleep(ms);
        stop.abort();
      },
      signal: stop.signal,
    });
    await limiter.take(1);
    await limiter.take(1);
    await limiter.take(1);
    expect(clock.sleeps).toHaveLength(1);
  });

  it("ends a wait the moment its signal is aborted, however long the wait (a paused run at a low rate)", async () => {
    const stop = new AbortController();
    // One call per 1,000 seconds: the second take would wait about 17 minutes on the real clock.
    const limiter = createRateLimiter({ perSecond: 0.001, signal: stop.signal });
    await limiter.take(1);
    const waiting = limiter.take(1);

    stop.abort();

    await waiting;
  });
});
