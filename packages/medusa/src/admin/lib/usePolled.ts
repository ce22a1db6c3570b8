import { useCallback, useEffect, useRef, useState } from "react";

/**
 * Loads `load()` now, again every `intervalMs` and whenever `key` changes (the caller's filter or page);
 * `reload` loads at once (after a re-send). Keeps the last good data while a load fails, and says why.
 */
export function usePolled<T>(load: () => Promise<T>, key: string, intervalMs = 5000) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const latest = useRef(load);
  latest.current = load;
  const reload = useCallback(async () => {
    try {
      setData(await latest.current());
      setError(undefined);
    } catch (failure) {
      setError((failure as Error).message);
    }
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is what makes a new filter load at once.
  useEffect(() => {
    void reload();
    const timer = setInterval(() => void reload(), intervalMs);
    return () => clearInterval(timer);
  }, [reload, intervalMs, key]);
  return { data, error, reload };
}
