/**
 * Waits for `work` at most `ms`; resolves true when it settled in time (fulfilled or rejected), false on the
 * deadline. `work` goes on, unobserved, if it takes longer: use it where giving up waiting is safe.
 */
export async function within(ms: number, work: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
