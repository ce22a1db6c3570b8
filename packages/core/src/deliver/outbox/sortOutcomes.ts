import type { DeliveryOutcome } from "../destination";
import type { OutboxRoundSummary } from "./outboxDestination";
import type { OutboxCallRecord } from "./outboxStore";
import { itemAt } from "../../shared/itemAt";

/** A claimed call not handed to the sender: it failed the check before sending. */
export interface InvalidOutcome {
  status: "invalid";
  reason: string;
}

/** What becomes of claimed calls once their outcomes are known: the store writes each list. */
interface SortedOutcomes {
  delivered: string[];
  retrying: OutboxRoundSummary["retrying"];
  dead: OutboxRoundSummary["dead"];
  /** Cut short by close(), not failed by Segment: given back without counting an attempt. */
  unsent: string[];
}

/**
 * Sorts the outcomes of claimed calls (`outcomes[i]` is that of `records[i]`): delivered; dead when
 * invalid or refused for good; otherwise retried at `retryAt(attempts)`, unless the outbox is
 * `closing` (then the failure is the close's, not Segment's).
 */
export function sortOutcomes(
  records: readonly OutboxCallRecord[],
  outcomes: ReadonlyArray<DeliveryOutcome | InvalidOutcome>,
  closing: boolean,
  retryAt: (attempts: number) => Date,
): SortedOutcomes {
  const sorted: SortedOutcomes = { delivered: [], retrying: [], dead: [], unsent: [] };
  for (const [i, outcome] of outcomes.entries()) {
    const { messageId, attempts } = itemAt(records, i);
    if (outcome.status === "invalid") {
      sorted.dead.push({ messageId, error: outcome.reason, invalid: true });
    } else if (outcome.status !== "failed") {
      sorted.delivered.push(messageId);
    } else if (outcome.error.permanent) {
      sorted.dead.push({ messageId, error: outcome.error.message });
    } else if (closing) {
      sorted.unsent.push(messageId);
    } else {
      sorted.retrying.push({ messageId, attempts: attempts + 1, error: outcome.error.message, retryAt: retryAt(attempts) });
    }
  }
  return sorted;
}
