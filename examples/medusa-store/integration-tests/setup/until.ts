/** Waits until `check` holds, polling; fails naming what did not happen (`what` may describe the state then). */
export async function until(
  check: () => Promise<boolean> | boolean,
  what: string | (() => Promise<string> | string),
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${typeof what === "string" ? what : await what()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
