import { toast } from "@medusajs/ui";
import { useState } from "react";

/**
 * What a button of the admin starts: `run(action)` marks it `busy` until it ends (the buttons wait
 * meanwhile), and shows its failure as a toast rather than losing it.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    try {
      await action();
    } catch (failure) {
      toast.error((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
