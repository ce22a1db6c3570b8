/** Timing helpers: warm-up, repeated runs, medians with spread. */

export interface Timing {
  /** Median µs per operation over the runs. */
  median: number;
  /** Fastest and slowest run, µs per operation. */
  min: number;
  max: number;
}

/**
 * Runs `operation` `perRun` times per run, `runs` times after a warm-up, and gives µs per
 * operation: median of the runs, with the fastest and slowest.
 */
export async function time(operation: () => Promise<unknown> | unknown, perRun: number, runs = 7): Promise<Timing> {
  for (let i = 0; i < Math.max(3, perRun); i++) await operation();
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < perRun; i++) await operation();
    samples.push(Number(process.hrtime.bigint() - start) / 1000 / perRun);
  }
  samples.sort((a, b) => a - b);
  return { median: percentile(samples, 50), min: percentile(samples, 0), max: percentile(samples, 100) };
}

/**
 * The longest stretch during which the event loop could not run anything else while
 * `operation` ran: JSONata evaluation is async but never yields to the loop.
 */
export async function longestBlock(operation: () => Promise<unknown>): Promise<number> {
  let longest = 0;
  let last = process.hrtime.bigint();
  let running = true;
  const tick = () => {
    const now = process.hrtime.bigint();
    longest = Math.max(longest, Number(now - last) / 1000);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  await new Promise((resolve) => setImmediate(resolve));
  last = process.hrtime.bigint();
  await operation();
  running = false;
  await new Promise((resolve) => setImmediate(resolve));
  return longest;
}

/** The value below which `p` percent of the samples lie (0: the smallest, 100: the largest). */
export function percentile(sorted: readonly number[], p: number): number {
  const value = sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  if (value === undefined) throw new Error("no samples to take a percentile of");
  return value;
}

export const format = {
  us: (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} ms` : `${value.toFixed(0)} µs`),
  timing: (t: Timing) => `${format.us(t.median)} (${format.us(t.min)}–${format.us(t.max)})`,
  ratio: (a: number, b: number) => `${(a / b).toFixed(2)}×`,
  bytes: (value: number) => (value >= 1024 * 1024 ? `${(value / 1024 / 1024).toFixed(1)} MiB` : `${(value / 1024).toFixed(1)} KiB`),
};

/** A markdown table. */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
